using System.Diagnostics;
using System.Globalization;
using Reelgate.Bench.Capacity.Gateway;

namespace Reelgate.Bench.Capacity.Scenarios;

/// <summary>
/// Submit → vendor create latency at a steady 100 submits/s for 30 s on one SQLite node (rate limits
/// off): from the client's send to the stub's receipt of the create carrying the same prompt marker.
/// Target: p99 &lt; 50 ms. Two rows: stub tasks of 5 s as asked (from then on the gateway also polls,
/// downloads and ingests earlier jobs, and a job holds its vendor slot until its output is stored),
/// and tasks that never finish with the vendor limit above the run's jobs, which isolates the path
/// from generate to the vendor's create.
/// </summary>
internal sealed class LatencyScenario : IScenario
{
    private const double TargetP99Ms = 50;
    private static readonly TimeSpan CreateWait = TimeSpan.FromSeconds(60);

    public string Name => "latency";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rate = Env.Int("LATENCY_RATE", 100);
        var seconds = Env.Int("LATENCY_SECONDS", 30);
        var taskSeconds = Env.Int("LATENCY_TASK_SECONDS", 5);
        return
        [
            await RunOnceAsync(context, Name, rate, seconds, TimeSpan.FromSeconds(taskSeconds), cancellationToken),
            await RunOnceAsync(context, $"{Name}/no-ingest", rate, seconds, taskDuration: null, cancellationToken),
        ];
    }

    private static async Task<ScenarioResult> RunOnceAsync(BenchContext context, string row, int rate, int seconds, TimeSpan? taskDuration, CancellationToken cancellationToken)
    {
        var total = rate * seconds;
        await using var stub = await context.StartStubAsync(taskDuration, context.ClipFps, cancellationToken);
        var config = context.Gateway(row.Replace('/', '-'), stub).With("Reelgate:RateLimits:Enabled", "false");
        if (taskDuration is null)
        {
            config = config.With("Reelgate:Vendors:Runway:MaxConcurrentJobs", Math.Max(1000, total + 100));
        }

        var key = await config.CreateFundedProjectAsync("latency", Jobs.CreditFor(total + 20), cancellationToken);
        await using var node = await GatewayNode.StartAsync(config, "gateway", cancellationToken);
        var client = node.Client(key);

        // Warm-up (JIT, connection pools, prepared statements), not measured.
        await Jobs.SubmitManyAsync(client, "warmup", 20, parallel: 1, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        context.Log($"{row}: submitting {rate}/s for {seconds} s");
        var pending = new List<Task<Submission>>(total);
        var started = Stopwatch.GetTimestamp();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        for (var i = 0; i < total; i++)
        {
            var wait = (interval * i) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            pending.Add(Jobs.SubmitAsync(client, $"lat-{i}", cancellationToken));
        }

        var submissions = await Task.WhenAll(pending);
        var sendSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var runningAtEnd = stub.Running;
        var atEnd = await node.ScrapeFreshAsync(cancellationToken);
        var waited = Stopwatch.GetTimestamp();
        while (stub.Creates < total + 20 && Stopwatch.GetElapsedTime(waited) < CreateWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        // A submit whose create never came within the wait counts as infinitely late.
        var arrivals = stub.CreateLog.ToDictionary(c => c.Prompt.Split(' ')[0], c => c.ArrivedAt, StringComparer.Ordinal);
        var latencies = submissions
            .Select(s => (s.SentAt, Ms: arrivals.TryGetValue(s.Marker, out var at) ? Stopwatch.GetElapsedTime(s.SentAt, at).TotalMilliseconds : double.PositiveInfinity))
            .ToList();
        var all = latencies.Select(l => l.Ms).ToList();
        var created = all.Count(double.IsFinite);
        var p99 = Percentiles.Of(all, 99);
        var accept = submissions.Select(s => Stopwatch.GetElapsedTime(s.SentAt, s.AcceptedAt).TotalMilliseconds).ToList();

        var figures = $"{created}/{total} created at the vendor (sent over {sendSeconds:F1} s, then waited up to {CreateWait.TotalSeconds:F0} s); "
            + $"submit → create p50 {Ms(Percentiles.Of(all, 50))}, p99 {Ms(p99)}, max {Ms(all.Max())}";
        if (taskDuration is { } duration)
        {
            var firstDone = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var early = latencies.Where(l => l.SentAt < firstDone).Select(l => l.Ms).ToList();
            figures += $"; the {early.Count} sent before the first task ended: p50 {Ms(Percentiles.Of(early, 50))}, p99 {Ms(Percentiles.Of(early, 99))}";
        }

        figures += $"; when the last submit was answered: the stub ran {runningAtEnd} tasks, the gateway held {atEnd.Sum("reelgate_jobs_active"):F0} jobs "
            + $"({atEnd.Sum("reelgate_vendor_slots_in_use", "vendor", "runway"):F0} vendor slots) and {atEnd.Sum("reelgate_jobs_queued"):F0} were queued; "
            + $"generate answered p50 {Ms(Percentiles.Of(accept, 50))}, p99 {Ms(Percentiles.Of(accept, 99))}";
        var setup = taskDuration is { } d
            ? $"1 node, SQLite, {config.Describe()}; {rate} submits/s for {seconds} s; stub tasks {d.TotalSeconds:F0} s; clip {context.ClipFps} fps"
            : $"1 node, SQLite, {config.Describe()}; {rate} submits/s for {seconds} s; stub tasks never finish (no polls end, no ingest)";
        return new ScenarioResult(
            row,
            setup,
            figures,
            $"p99 < {TargetP99Ms} ms",
            stub.Refused == 0 ? ScenarioResult.Judge(p99 < TargetP99Ms) : Verdict.Failed);
    }

    private static string Ms(double value) => double.IsFinite(value)
        ? string.Create(CultureInfo.InvariantCulture, $"{value:F1} ms")
        : $"> {CreateWait.TotalSeconds:F0} s (not created)";
}
