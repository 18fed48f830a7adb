using System.Collections.Concurrent;
using System.Diagnostics;
using Reelgate.Core.Diagnostics;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Diagnostics;

/// <summary>
/// The shape of a job's traces: a run per claim, an attempt per model tried under it, ingest under the
/// attempt that succeeded. A fallback to another vendor's model goes back for a claim with room on that
/// vendor, so it ends one run ("moved") and starts another; the job id tag joins them.
/// </summary>
public sealed class JobTracingTests
{
    [Fact]
    public async Task A_fallback_to_another_vendor_shows_a_moved_run_with_the_failed_attempt_then_a_run_with_the_succeeded_one()
    {
        // Every in-process gateway of the test run reports to this listener; the job id picks ours.
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ReelgateTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var refusing = new ScriptedVendor("refusing", qualityRank: 90, pricePerSecondMicros: 0, refuseSubmit: true);
        using var gateway = new GatewayFactory().WithVendor(refusing);
        var client = await gateway.CreateClientForNewProjectAsync();

        var id = await client.GenerateAsync("""{"prompt": "traced through a fallback", "duration_seconds": 1, "prefer": "smartest"}""");
        await client.WaitForSuccessAsync(id);

        var runs = await Eventually.SomeAsync(
            () => stopped.Where(a => a.OperationName == "reelgate.job.run" && (string?)a.GetTagItem("reelgate.job.id") == id).OrderBy(a => a.StartTimeUtc).ToList() is { Count: 2 } both ? both : null,
            "the job's two reelgate.job.run spans");
        var (moved, run) = (runs[0], runs[1]);
        var failed = Assert.Single(stopped, a => a.OperationName == "reelgate.vendor.attempt" && a.ParentSpanId == moved.SpanId);
        var spans = stopped.Where(a => a.TraceId == run.TraceId).ToList();
        var succeeded = Assert.Single(spans, a => a.OperationName == "reelgate.vendor.attempt");

        Assert.Equal("moved", moved.GetTagItem("reelgate.outcome"));
        Assert.Equal("refusing", failed.GetTagItem("reelgate.vendor.name"));
        Assert.Equal((ActivityStatusCode.Error, "VENDOR_SUBMIT_FAILED"), (failed.Status, failed.GetTagItem("error.type")));
        Assert.Equal("succeeded", run.GetTagItem("reelgate.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);
        Assert.Equal(run.SpanId, succeeded.ParentSpanId);
        Assert.Equal("local", succeeded.GetTagItem("reelgate.vendor.name"));
        Assert.Equal("succeeded", succeeded.GetTagItem("reelgate.outcome"));
        Assert.NotNull(succeeded.GetTagItem("reelgate.vendor.job_id"));
        var ingest = Assert.Single(spans, a => a.OperationName == "reelgate.output.ingest");
        Assert.Equal(succeeded.SpanId, ingest.ParentSpanId);
    }
}
