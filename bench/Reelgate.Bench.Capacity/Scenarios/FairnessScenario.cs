using System.Diagnostics;
using Reelgate.Bench.Capacity.Gateway;
using Reelgate.Bench.Capacity.Stub;
using Reelgate.Contracts.Video;

namespace Reelgate.Bench.Capacity.Scenarios;

/// <summary>
/// Project A submits 5 000 jobs, then project B submits one (one SQLite node, rate limits off, stub
/// tasks of 30 s), twice: with the vendor limit above 5 001 (room: B should start in the next claim
/// round) and at the default 1 000 (A saturates it: B should take the first freed slot). Reports B's
/// wait from accepted to <c>running</c> (its status polled every 10 ms) and how many of A's jobs
/// reached the vendor between B's acceptance and B's create (the stub's create log, by marker).
/// </summary>
internal sealed class FairnessScenario : IScenario
{
    /// <summary>The dispatcher's claim batch (JobDispatcher.ClaimBatch): a claim under way when B arrives may still start this many of A's jobs.</summary>
    private const int ClaimBatch = 500;

    /// <summary>
    /// Saturated, a claim takes B and the A jobs for the other slots freed since the last claim (one or
    /// two: ingests end one at a time); their runners start in job id order, B's newest last, so their
    /// creates may reach the stub just before B's.
    /// </summary>
    private const int SameClaimAllowance = 3;

    public string Name => "fairness";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var jobsOfA = Env.Int("FAIRNESS_JOBS", 5000);
        var taskSeconds = Env.Int("FAIRNESS_TASK_SECONDS", 30);
        var saturatedLimit = Env.Int("FAIRNESS_SATURATED_LIMIT", 1000);
        return
        [
            await RunOnceAsync(context, "room", jobsOfA, jobsOfA + 1000, taskSeconds, cancellationToken),
            await RunOnceAsync(context, "saturated", jobsOfA, saturatedLimit, taskSeconds, cancellationToken),
        ];
    }

    private async Task<ScenarioResult> RunOnceAsync(BenchContext context, string variant, int jobsOfA, int vendorLimit, int taskSeconds, CancellationToken cancellationToken)
    {
        await using var stub = await context.StartStubAsync(TimeSpan.FromSeconds(taskSeconds), context.ClipFps, cancellationToken);
        var config = context.Gateway($"{Name}-{variant}", stub)
            .With("Reelgate:Vendors:Runway:MaxConcurrentJobs", vendorLimit)
            .With("Reelgate:RateLimits:Enabled", "false");
        var keyA = await config.CreateFundedProjectAsync("fair-a", Jobs.CreditFor(jobsOfA), cancellationToken);
        var keyB = await config.CreateFundedProjectAsync("fair-b", Jobs.CreditFor(1), cancellationToken);
        await using var node = await GatewayNode.StartAsync(config, "gateway", cancellationToken);
        var clientB = node.Client(keyB);

        context.Log($"{variant}: A submits {jobsOfA} jobs (limit {vendorLimit})");
        // As fast as the gateway accepts, so that (with room) a backlog may build up that B must not wait behind.
        await Jobs.SubmitManyAsync(node.Client(keyA), "fairA", jobsOfA, parallel: 128, cancellationToken);
        var b = await Jobs.SubmitAsync(clientB, "fairB", cancellationToken);
        var createsOfAAtB = stub.CreateLog.Count(c => c.Prompt.StartsWith("fairA-", StringComparison.Ordinal));

        long? runningSeenAt = null;
        var deadline = TimeSpan.FromSeconds(taskSeconds * 4);
        while (runningSeenAt is null && Stopwatch.GetElapsedTime(b.AcceptedAt) < deadline)
        {
            var status = await clientB.GetStatusAsync(b.JobId, cancellationToken: cancellationToken);
            if (status.State != VideoJobState.Queued)
            {
                runningSeenAt = Stopwatch.GetTimestamp();
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }

        // B's attempt is recorded just before its create reaches the stub.
        StubCreate? bCreate = null;
        while (runningSeenAt is not null && bCreate is null && Stopwatch.GetElapsedTime(runningSeenAt.Value) < TimeSpan.FromSeconds(30))
        {
            bCreate = stub.CreateLog.FirstOrDefault(c => c.Prompt.StartsWith("fairB ", StringComparison.Ordinal));
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }

        var details = await clientB.GetAsync(b.JobId, cancellationToken);
        var serverWait = details.AttemptDetails is [var first, ..] ? (first.StartedAt - details.CreatedAt).TotalSeconds : double.NaN;
        var log = stub.CreateLog;
        var aBetween = bCreate is null ? -1 : log.Count(c => c.Prompt.StartsWith("fairA-", StringComparison.Ordinal) && c.ArrivedAt > b.AcceptedAt && c.ArrivedAt < bCreate.ArrivedAt);
        var aBefore = bCreate is null ? -1 : log.Count(c => c.Prompt.StartsWith("fairA-", StringComparison.Ordinal) && c.ArrivedAt < bCreate.ArrivedAt);
        var clientWait = runningSeenAt is { } seen ? Stopwatch.GetElapsedTime(b.AcceptedAt, seen).TotalSeconds : double.NaN;

        var figures = $"B accepted → running {clientWait:F2} s (client, status every 10 ms; server: attempt start − created {serverWait:F2} s); "
            + $"A's jobs not yet at the vendor when B was accepted: {jobsOfA - createsOfAAtB}; A's creates between B's acceptance and B's create: {aBetween}; "
            + $"A's jobs still waiting when B reached the vendor: {jobsOfA - aBefore}";
        var (target, met) = variant == "room"
            ? ($"B starts in the next claim round (at most the claim under way and B's own, {2 * ClaimBatch} of A's, reach the vendor first)", aBetween >= 0 && aBetween <= 2 * ClaimBatch)
            : ($"B takes the first freed slot (only A's jobs claimed with B, at most {SameClaimAllowance}, reach the vendor first)", aBetween is >= 0 and <= SameClaimAllowance);
        var valid = bCreate is not null && stub.Refused == 0;
        return new ScenarioResult(
            $"{Name}/{variant}",
            $"1 node, SQLite, {config.Describe()}; A: {jobsOfA} jobs, then B: 1; stub tasks {taskSeconds} s; clip {context.ClipFps} fps",
            figures,
            target,
            valid ? ScenarioResult.Judge(met) : Verdict.Failed);
    }
}
