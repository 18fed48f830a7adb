using System.Diagnostics;
using System.Text.RegularExpressions;
using Reelgate.Bench.Capacity.Gateway;

namespace Reelgate.Bench.Capacity.Scenarios;

/// <summary>
/// 10 000 jobs in flight on one SQLite node against a stub that never finishes (vendor limit raised to
/// 10 000, rate limits off). Once all are at the vendor, a window of 60 s measures the gateway's RSS
/// (target &lt; 1 GB), its CPU as a share of one core (target &lt; 20%), database writes and stub polls
/// per second; then a SIGTERM, whose shutdown hands every job back in one statement, is timed.
/// </summary>
internal sealed partial class InflightScenario : IScenario
{
    private const long TargetRssBytes = 1L << 30;
    private const double TargetCoreShare = 0.20;

    public string Name => "inflight";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var total = Env.Int("INFLIGHT_JOBS", 10_000);
        var window = TimeSpan.FromSeconds(Env.Int("INFLIGHT_WINDOW_SECONDS", 60));

        await using var stub = await context.StartStubAsync(taskDuration: null, context.ClipFps, cancellationToken);
        var config = context.Gateway(Name, stub)
            .With("Reelgate:Vendors:Runway:MaxConcurrentJobs", Math.Max(total, 1000))
            .With("Reelgate:RateLimits:Enabled", "false");
        var key = await config.CreateFundedProjectAsync("inflight", Jobs.CreditFor(total), cancellationToken);
        await using var node = await GatewayNode.StartAsync(config, "gateway", cancellationToken);
        var client = node.Client(key);

        await node.ScrapeAsync(cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var idle = node.Sample();

        context.Log($"submitting {total} jobs (32 at a time)");
        var submitStarted = Stopwatch.GetTimestamp();
        await Jobs.SubmitManyAsync(client, "inflight", total, parallel: 32, cancellationToken);
        while (stub.Running < total)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        var toVendor = Stopwatch.GetElapsedTime(submitStarted);
        context.Log($"all {total} at the vendor after {toVendor.TotalSeconds:F1} s; measuring for {window.TotalSeconds:F0} s");

        using var bench = Process.GetCurrentProcess();
        var benchCpu = bench.TotalProcessorTime;
        var machineStart = MachineSample.Read();
        var start = node.Sample();
        var startMetrics = await node.ScrapeAsync(cancellationToken);
        var startPolls = stub.Polls;
        var peakRss = start.RssBytes;
        var windowStarted = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(windowStarted) < window)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            peakRss = Math.Max(peakRss, node.Sample().RssBytes);
        }

        var end = node.Sample();
        var machineEnd = MachineSample.Read();
        var endPolls = stub.Polls;
        var endMetrics = await node.ScrapeAsync(cancellationToken);
        bench.Refresh();
        var seconds = Stopwatch.GetElapsedTime(start.At, end.At).TotalSeconds;
        var writesPerSecond = (endMetrics.Sum("reelgate_db_writes_total") - startMetrics.Sum("reelgate_db_writes_total")) / seconds;
        var pollsPerSecond = (endPolls - startPolls) / seconds;
        var coreShare = ProcessSample.CoreShare(start, end);
        var benchShare = (bench.TotalProcessorTime - benchCpu).TotalSeconds / Stopwatch.GetElapsedTime(windowStarted).TotalSeconds;
        var active = endMetrics.Sum("reelgate_jobs_active");
        var others = MachineSample.BusyCores(machineStart, machineEnd) - coreShare - benchShare;

        context.Log("stopping the gateway (SIGTERM)");
        var shutdown = await node.StopAsync(cancellationToken);
        var handedBack = HandedBack().Match(await File.ReadAllTextAsync(node.LogPath, cancellationToken)) is { Success: true } m ? m.Groups[1].Value : "?";

        var figures = $"all at the vendor {toVendor.TotalSeconds:F1} s after the first submit; over {seconds:F0} s: RSS {Mb(end.RssBytes)} MB (peak {Mb(peakRss)}, idle {Mb(idle.RssBytes)}), "
            + $"{(end.RssBytes - idle.RssBytes) / (double)total / 1024:F1} KB per job; CPU {coreShare:P1} of one core; {writesPerSecond:F2} DB writes/s; "
            + $"{pollsPerSecond:F0} stub polls/s ({coreShare / pollsPerSecond * 1e6:F0} µs of gateway CPU per poll); jobs_active {active}; bench (stub + client) CPU {benchShare:P0} of one core, other processes {Math.Max(0, others):P0}; "
            + $"SIGTERM → exit {shutdown.TotalSeconds:F1} s, {handedBack} jobs handed back";
        var met = peakRss < TargetRssBytes && coreShare < TargetCoreShare;
        return
        [
            new ScenarioResult(
                Name,
                $"1 node, SQLite, {config.Describe()}; {total} jobs, stub never finishes; clip unused",
                figures,
                "RSS < 1 GB, CPU < 20% of one core",
                stub.Refused == 0 ? ScenarioResult.Judge(met) : Verdict.Failed),
        ];
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    [GeneratedRegex(@"handed (\d+) jobs back")]
    private static partial Regex HandedBack();
}
