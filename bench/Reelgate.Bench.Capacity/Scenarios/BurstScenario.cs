using System.Diagnostics;
using Reelgate.Bench.Capacity.Gateway;
using Reelgate.Client;
using Reelgate.Contracts.Video;

namespace Reelgate.Bench.Capacity.Scenarios;

/// <summary>
/// 1 000 jobs submitted at once to one node on the embedded SQLite store with default settings (rate
/// limits on: 50 projects each send their burst of 20), stub tasks of 60 s. Target: every job
/// succeeds within 120 s of the first submit.
/// </summary>
internal sealed class BurstScenario : IScenario
{
    public string Name => "burst";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var projects = Env.Int("BURST_PROJECTS", 50);
        var perProject = Env.Int("BURST_JOBS_PER_PROJECT", 20);
        var taskSeconds = Env.Int("BURST_TASK_SECONDS", 60);
        var targetSeconds = Env.Int("BURST_TARGET_SECONDS", 120);
        var total = projects * perProject;

        await using var stub = await context.StartStubAsync(TimeSpan.FromSeconds(taskSeconds), context.ClipFps, cancellationToken);
        var config = context.Gateway(Name, stub);
        context.Log($"creating {projects} funded projects");
        var keys = new List<string>();
        for (var p = 0; p < projects; p++)
        {
            keys.Add(await config.CreateFundedProjectAsync($"burst-{p}", Jobs.CreditFor(perProject), cancellationToken));
        }

        await using var node = await GatewayNode.StartAsync(config, "gateway", cancellationToken);
        var clients = keys.Select(node.Client).ToList();
        var before = node.Sample();
        var firstSend = TimeProvider.System.GetUtcNow();
        var sendStarted = Stopwatch.GetTimestamp();
        context.Log($"submitting {total} jobs at once");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, total).Select(i => TrySubmitAsync(clients[i % projects], $"burst-{i}", cancellationToken)));
        var accepted = outcomes.Count(o => o is null);
        var refusals = outcomes.Where(o => o is not null).GroupBy(o => o).Select(g => $"{g.Count()}× {g.Key}").ToList();
        context.Log($"{accepted} accepted in {Stopwatch.GetElapsedTime(sendStarted).TotalSeconds:F1} s{(refusals.Count > 0 ? "; refused: " + string.Join(", ", refusals) : "")}");

        long finished;
        string concurrency;
        await using (var sampler = new ConcurrencySampler(stub, node))
        {
            finished = await Jobs.WaitForFinishedAsync([node], accepted, TimeSpan.FromSeconds(taskSeconds + (4 * targetSeconds)), cancellationToken);
            concurrency = sampler.Describe();
        }

        var after = node.Sample();
        var jobs = (await Task.WhenAll(clients.Select(c => Jobs.ListAllAsync(c, cancellationToken)))).SelectMany(j => j).ToList();
        var succeeded = jobs.Where(j => j.State == VideoJobState.Succeeded).ToList();
        var lastSuccess = succeeded.Count > 0 ? (succeeded.Max(j => j.CompletedAt!.Value) - firstSend).TotalSeconds : double.NaN;
        var firstSuccess = succeeded.Count > 0 ? (succeeded.Min(j => j.CompletedAt!.Value) - firstSend).TotalSeconds : double.NaN;
        var lastTaskEnded = Stopwatch.GetElapsedTime(sendStarted, stub.LastEndedAt).TotalSeconds;
        var allAtVendor = stub.CreateLog is [.., var lastCreate] ? Stopwatch.GetElapsedTime(sendStarted, lastCreate.ArrivedAt).TotalSeconds : double.NaN;

        var figures = $"{succeeded.Count}/{total} succeeded ({finished} finished); last success {lastSuccess:F1} s after the first submit (first {firstSuccess:F1} s); "
            + $"all at the vendor after {allAtVendor:F1} s; stub peak {stub.PeakRunning} concurrent tasks, last task reported finished at {lastTaskEnded:F1} s; {concurrency}; "
            + $"gateway CPU {(after.Cpu - before.Cpu).TotalSeconds:F0} s + its ffprobe/ffmpeg {(after.ChildrenCpu - before.ChildrenCpu).TotalSeconds:F0} s"
            + (refusals.Count > 0 ? $"; refused submits: {string.Join(", ", refusals)}" : "");
        var valid = accepted == total && stub.Refused == 0;
        var met = succeeded.Count == total && lastSuccess <= targetSeconds;
        return
        [
            new ScenarioResult(
                Name,
                $"1 node, SQLite, defaults (rate limits on); {projects} projects × {perProject} jobs sent at once; stub tasks {taskSeconds} s; clip {context.ClipFps} fps",
                figures,
                $"all succeed within {targetSeconds} s of the first submit",
                valid ? ScenarioResult.Judge(met) : Verdict.Failed),
        ];
    }

    /// <summary>Null when accepted, else the refusal's error code.</summary>
    private static async Task<string?> TrySubmitAsync(ReelgateClient client, string marker, CancellationToken cancellationToken)
    {
        try
        {
            await Jobs.SubmitAsync(client, marker, cancellationToken);
            return null;
        }
        catch (ReelgateApiException ex)
        {
            return ex.Code;
        }
    }
}
