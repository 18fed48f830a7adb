using Microsoft.Extensions.DependencyInjection;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.FunctionalTests.Account;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Dispatching;

/// <summary>
/// A node died between recording its intent to submit and recording the vendor's answer: the vendor
/// may or may not have the job. The node that takes it over must never send it twice (DESIGN §1, §3).
/// </summary>
public sealed class InterruptedSubmitTests
{
    private const string Vendor = "interrupted";

    [Fact]
    public async Task A_vendor_that_can_look_jobs_up_and_has_it_is_resumed_without_a_second_submit()
    {
        var vendor = new LookupVendor(new ScriptedVendor(Vendor, qualityRank: 90, pricePerSecondMicros: 100_000, refuseSubmit: false), id => "found-" + id);

        using var data = new TempDirectory();
        using var cleanup = new Cleanup();
        var (job, _, submits) = await TakeOverInterruptedSubmitAsync(vendor, vendor.Inner, data, cleanup);

        Assert.Equal(0, submits);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        var attempt = Assert.Single(job.GetProperty("attempt_details").EnumerateArray());
        Assert.StartsWith("found-vid_", attempt.GetProperty("vendor_job_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, vendor.Lookups);
    }

    [Fact]
    public async Task A_vendor_that_can_look_jobs_up_and_never_got_it_is_sent_once_in_the_same_attempt()
    {
        var vendor = new LookupVendor(new ScriptedVendor(Vendor, qualityRank: 90, pricePerSecondMicros: 100_000, refuseSubmit: false), _ => null);

        using var data = new TempDirectory();
        using var cleanup = new Cleanup();
        var (job, _, submits) = await TakeOverInterruptedSubmitAsync(vendor, vendor.Inner, data, cleanup);

        Assert.Equal(1, submits);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        var attempt = Assert.Single(job.GetProperty("attempt_details").EnumerateArray());
        Assert.StartsWith("scripted-vid_", attempt.GetProperty("vendor_job_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vendor_that_cannot_look_jobs_up_is_not_sent_again_and_the_hold_stays_for_the_operator()
    {
        var vendor = new ScriptedVendor(Vendor, qualityRank: 90, pricePerSecondMicros: 100_000, refuseSubmit: false);

        using var data = new TempDirectory();
        using var cleanup = new Cleanup();
        var (job, client, submits) = await TakeOverInterruptedSubmitAsync(vendor, vendor, data, cleanup);

        Assert.Equal(0, submits);
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("VENDOR_OUTCOME_UNKNOWN", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("not re-sent", job.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((5m, 0.2m, 4.8m), await CreditTests.BalanceAsync(client));
    }

    /// <summary>
    /// Creates a job, makes a "dead node" claim it and record its intent to submit (and nothing
    /// more), then starts a gateway with a dispatcher on the same data, which takes the job over.
    /// </summary>
    private static async Task<(System.Text.Json.JsonElement Job, HttpClient Client, int Submits)> TakeOverInterruptedSubmitAsync(IVideoVendor vendor, ScriptedVendor counter, TempDirectory data, List<IDisposable> cleanup)
    {
        string id;
        string key;
        using (var before = new GatewayFactory().With("Reelgate:DataDirectory", data.Path).With("Reelgate:Dispatcher:Enabled", "false").WithVendor(vendor))
        {
            await before.GrantAsync("interrupted", 5m);
            key = await before.CreateKeyAsync("interrupted");
            using var client = before.CreateClient(key);
            id = await client.GenerateAsync($$"""{"prompt": "interrupted submit", "vendor": "{{Vendor}}", "duration_seconds": 2}""");

            var store = before.Services.GetRequiredService<IDispatchStore>();
            var now = TimeProvider.System.GetUtcNow();
            await store.RegisterDispatcherAsync("dead-node", now, now.AddSeconds(1), takeOverOthers: false, TestContext.Current.CancellationToken);
            Assert.Single(await store.ClaimJobsAsync(new ClaimRequest("dead-node", 10, now, []), TestContext.Current.CancellationToken));
            Assert.True(await store.RecordAttemptAsync(id, "dead-node", 0, null, now, TestContext.Current.CancellationToken));
        }

        var after = new GatewayFactory().With("Reelgate:DataDirectory", data.Path).WithVendor(vendor);
        cleanup.Add(after);
        var takeOver = after.CreateClient(key);
        cleanup.Add(takeOver);
        var job = await takeOver.WaitForStateAsync(id, TimeSpan.FromSeconds(30), "failed", "succeeded");
        return (job, takeOver, counter.Submits);
    }

    /// <summary>Disposes the taken-over gateway (before its data directory goes).</summary>
    private sealed class Cleanup : List<IDisposable>, IDisposable
    {
        public void Dispose()
        {
            foreach (var item in Enumerable.Reverse(this))
            {
                item.Dispose();
            }
        }
    }

    /// <summary>A test-only vendor that can find jobs by our id, answering what the test says.</summary>
    private sealed class LookupVendor(ScriptedVendor inner, Func<string, string?> find) : IVideoVendor, IVendorJobLookup
    {
        private int _lookups;

        public ScriptedVendor Inner => inner;

        public int Lookups => _lookups;

        public string Name => inner.Name;

        public IReadOnlyList<VendorModel> Models => inner.Models;

        public TimeSpan PollInterval => inner.PollInterval;

        public Task<VendorSubmission> SubmitAsync(VendorJobRequest request, CancellationToken cancellationToken) => inner.SubmitAsync(request, cancellationToken);

        public Task<VendorPollResult> PollAsync(VendorJobRequest request, string vendorJobId, CancellationToken cancellationToken) => inner.PollAsync(request, vendorJobId, cancellationToken);

        public Task CancelAsync(string vendorJobId, CancellationToken cancellationToken) => inner.CancelAsync(vendorJobId, cancellationToken);

        public Task<Stream> OpenOutputAsync(VendorOutput output, CancellationToken cancellationToken) => inner.OpenOutputAsync(output, cancellationToken);

        public Task<string?> FindVendorJobAsync(VendorJobRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            return Task.FromResult(find(request.JobId));
        }
    }
}
