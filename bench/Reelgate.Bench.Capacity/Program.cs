// Capacity benchmark of the gateway (bench/run-capacity.sh): each scenario starts its own Runway stub
// and gateway processes on loopback, drives them over HTTP and prints one RESULT line per row.
//   dotnet Reelgate.Bench.Capacity.dll [burst] [inflight] [latency] [cost] [fairness] [cluster]
using System.Diagnostics;
using Reelgate.Bench.Capacity;
using Reelgate.Bench.Capacity.Gateway;
using Reelgate.Bench.Capacity.Scenarios;

IScenario[] scenarios =
[
    new BurstScenario(), new InflightScenario(), new LatencyScenario(),
    new CostScenario(), new FairnessScenario(), new ClusterScenario(),
];

var unknown = args.Where(a => !scenarios.Any(s => s.Name == a)).ToList();
if (unknown.Count > 0)
{
    await Console.Error.WriteLineAsync($"unknown scenario(s): {string.Join(' ', unknown)}; known: {string.Join(' ', scenarios.Select(s => s.Name))}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var context = BenchContext.FromEnvironment();
var timeout = TimeSpan.FromMinutes(Env.Int("CAPACITY_SCENARIO_TIMEOUT_MINUTES", 20));
var exitCode = 0;
foreach (var scenario in scenarios.Where(s => args.Length == 0 || args.Contains(s.Name)))
{
    context.Log($"scenario {scenario.Name}");
    using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
    bounded.CancelAfter(timeout);
    IReadOnlyList<ScenarioResult> results;
    var machine = MachineSample.Read();
    var ours = ProcessTreeCpu.Read();
    try
    {
        // The machine is shared: what ran outside the bench's process tree meanwhile says whether a row was disturbed.
        results = await scenario.RunAsync(context, bounded.Token);
        var others = MachineSample.BusyCores(machine, MachineSample.Read()) - ((ProcessTreeCpu.Read() - ours).TotalSeconds / Stopwatch.GetElapsedTime(machine.At).TotalSeconds);
        results = [.. results.Select(r => r with { Figures = $"{r.Figures}; processes outside the bench (PostgreSQL included) used {Math.Max(0, others):F2} cores on average over the scenario" })];
    }
    catch (Exception ex) when (!stop.IsCancellationRequested)
    {
        context.Log($"scenario {scenario.Name} failed: {ex}");
        results = [new ScenarioResult(scenario.Name, "", $"did not complete: {ex.GetType().Name}: {ex.Message}", "", Verdict.Failed)];
    }

    foreach (var result in results)
    {
        Console.WriteLine(result.ToLine());
        exitCode = result.Verdict == Verdict.Failed ? 1 : exitCode;
    }
}

if (context.OwnsWorkDirectory)
{
    Directory.Delete(context.WorkDirectory, recursive: true);
}

return exitCode;
