using System.Collections.Concurrent;
using System.Diagnostics;
using Reelgate.Core.Diagnostics;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Diagnostics;

/// <summary>The shape of a job's trace: one run, one attempt per model tried, ingest under the attempt that succeeded.</summary>
public sealed class JobTracingTests
{
    [Fact]
    public async Task A_fallback_shows_a_failed_attempt_then_a_succeeded_one_under_one_job_run()
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

        var run = await Eventually.SomeAsync(
            () => stopped.FirstOrDefault(a => a.OperationName == "reelgate.job.run" && (string?)a.GetTagItem("reelgate.job.id") == id),
            "the job's reelgate.job.run span");
        var spans = stopped.Where(a => a.TraceId == run.TraceId).ToList();
        var attempts = spans.Where(a => a.OperationName == "reelgate.vendor.attempt").OrderBy(a => a.StartTimeUtc).ToList();

        Assert.Equal("succeeded", run.GetTagItem("reelgate.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);
        Assert.All(attempts, a => Assert.Equal(run.SpanId, a.ParentSpanId));
        Assert.Equal(["refusing", "local"], attempts.Select(a => (string?)a.GetTagItem("reelgate.vendor.name")));
        Assert.Equal((ActivityStatusCode.Error, "VENDOR_SUBMIT_FAILED"), (attempts[0].Status, attempts[0].GetTagItem("error.type")));
        Assert.Equal("succeeded", attempts[1].GetTagItem("reelgate.outcome"));
        Assert.NotNull(attempts[1].GetTagItem("reelgate.vendor.job_id"));
        var ingest = Assert.Single(spans, a => a.OperationName == "reelgate.output.ingest");
        Assert.Equal(attempts[1].SpanId, ingest.ParentSpanId);
    }
}
