using System.Diagnostics;
using Reelgate.Bench.Capacity.Gateway;

namespace Reelgate.Bench.Capacity.Scenarios;

/// <summary>
/// Submit → vendor create latency at a steady 100 submits/s for 30 s (one SQLite node, rate limits
/// off, stub tasks of 5 s): from the client's send to the stub's receipt of the create carrying the
/// same prompt marker. Target: p99 &lt; 50 ms. Tasks end from 5 s on, so the gateway polls, downloads
/// and ingests earlier jobs while later ones are submitted; the row also gives the latency of the
/// submits sent before the first job finished.
/// </summary>
internal sealed class LatencyScenario : IScenario
{
    private const double TargetP99Ms = 50;

    public string Name => "latency";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rate = Env.Int("LATENCY_RATE", 100);
        var seconds = Env.Int("LATENCY_SECONDS", 30);
        var taskSeconds = Env.Int("LATENCY_TASK_SECONDS", 5);
        var total = rate * seconds;

        await using var stub = await context.StartStubAsync(TimeSpan.FromSeconds(taskSeconds), context.ClipFps, cancellationToken);
        var config = context.Gateway(Name, stub).With("Reelgate:RateLimits:Enabled", "false");
        var key = await config.CreateFundedProjectAsync("latency", Jobs.CreditFor(total + 20), cancellationToken);
        await using var node = await GatewayNode.StartAsync(config, "gateway", cancellationToken);
        var client = node.Client(key);

        // Warm-up (JIT, connection pools, prepared statements), not measured.
        await Jobs.SubmitManyAsync(client, "warmup", 20, parallel: 1, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        context.Log($"submitting {rate}/s for {seconds} s");
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
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(TimeSpan.FromSeconds(60));
            while (stub.Creates < total + 20 && !wait.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }

        var arrivals = stub.CreateLog.ToDictionary(c => c.Prompt.Split(' ')[0], c => c.ArrivedAt, StringComparer.Ordinal);
        var latencies = submissions
            .Where(s => arrivals.ContainsKey(s.Marker))
            .Select(s => (s.SentAt, Ms: Stopwatch.GetElapsedTime(s.SentAt, arrivals[s.Marker]).TotalMilliseconds))
            .ToList();
        var all = latencies.Select(l => l.Ms).ToList();
        var firstDone = started + (long)(taskSeconds * Stopwatch.Frequency);
        var beforeFirstDone = latencies.Where(l => l.SentAt < firstDone).Select(l => l.Ms).ToList();
        var accept = submissions.Select(s => Stopwatch.GetElapsedTime(s.SentAt, s.AcceptedAt).TotalMilliseconds).ToList();
        var p99 = Percentiles.Of(all, 99);

        var figures = $"{all.Count}/{total} created at the vendor, sent over {sendSeconds:F1} s; submit → create p50 {Percentiles.Of(all, 50):F1} ms, p99 {p99:F1} ms, max {all.Max():F1} ms; "
            + $"before the first job finished ({beforeFirstDone.Count} submits): p50 {Percentiles.Of(beforeFirstDone, 50):F1} ms, p99 {Percentiles.Of(beforeFirstDone, 99):F1} ms; "
            + $"generate answered p50 {Percentiles.Of(accept, 50):F1} ms, p99 {Percentiles.Of(accept, 99):F1} ms";
        var valid = all.Count == total && stub.Refused == 0;
        return
        [
            new ScenarioResult(
                Name,
                $"1 node, SQLite, {config.Describe()}; {rate} submits/s for {seconds} s; stub tasks {taskSeconds} s; clip {context.ClipFps} fps",
                figures,
                $"p99 < {TargetP99Ms} ms",
                valid ? ScenarioResult.Judge(p99 < TargetP99Ms) : Verdict.Failed),
        ];
    }
}
