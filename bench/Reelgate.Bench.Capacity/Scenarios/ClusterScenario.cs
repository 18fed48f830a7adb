using System.Diagnostics;
using Reelgate.Bench.Capacity.Gateway;
using Reelgate.Bench.Capacity.Postgres;
using Reelgate.Contracts.Video;

namespace Reelgate.Bench.Capacity.Scenarios;

/// <summary>
/// Three gateway nodes on one PostgreSQL database and one data directory (file blobs), Runway's
/// account limit at 200, 1 000 jobs sent round-robin over the nodes (rate limits off), stub tasks of
/// 10 s. Target: the stub never sees more than 200 tasks at once, and every job succeeds.
/// </summary>
internal sealed class ClusterScenario : IScenario
{
    public string Name => "cluster";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var nodeCount = Env.Int("CLUSTER_NODES", 3);
        var total = Env.Int("CLUSTER_JOBS", 1000);
        var limit = Env.Int("CLUSTER_LIMIT", 200);
        var taskSeconds = Env.Int("CLUSTER_TASK_SECONDS", 10);
        if (context.Postgres is not { } admin)
        {
            return [new ScenarioResult(Name, "", "not run: CAPACITY_POSTGRES is not set", "", Verdict.Failed)];
        }

        await using var database = await PostgresDatabase.CreateAsync(admin, Name, cancellationToken);
        await using var stub = await context.StartStubAsync(TimeSpan.FromSeconds(taskSeconds), context.ClipFps, cancellationToken);
        var config = context.Gateway(Name, stub)
            .OnPostgres(database.ConnectionString)
            .With("Reelgate:Vendors:Runway:MaxConcurrentJobs", limit)
            .With("Reelgate:RateLimits:Enabled", "false");
        var key = await config.CreateFundedProjectAsync("cluster", Jobs.CreditFor(total), cancellationToken);

        var nodes = new List<GatewayNode>();
        try
        {
            // One after the other: the first creates the schema and the signing key in the shared data directory.
            for (var n = 0; n < nodeCount; n++)
            {
                nodes.Add(await GatewayNode.StartAsync(config, $"node-{n}", cancellationToken));
            }

            var clients = nodes.Select(n => n.Client(key)).ToList();
            context.Log($"submitting {total} jobs round-robin over {nodeCount} nodes (vendor limit {limit})");
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
                await Jobs.SubmitAsync(clients[i % nodeCount], $"cluster-{i}", ct));
            long finished;
            string concurrency;
            await using (var sampler = new ConcurrencySampler(stub, nodes[0]))
            {
                finished = await Jobs.WaitForFinishedAsync(nodes, total, TimeSpan.FromSeconds((total / (double)limit * (taskSeconds + 10)) + 300), cancellationToken);
                concurrency = sampler.Describe();
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var ingestCpu = nodes.Sum(n => n.Sample().ChildrenCpu.TotalSeconds);
            var perNode = new List<long>();
            foreach (var node in nodes)
            {
                perNode.Add((long)(await node.ScrapeAsync(cancellationToken)).Sum("reelgate_jobs_finished_total", "state", "succeeded"));
            }

            var succeeded = (await Jobs.ListAllAsync(clients[0], cancellationToken)).Count(j => j.State == VideoJobState.Succeeded);
            var ideal = Math.Ceiling(total / (double)limit) * taskSeconds;
            var figures = $"{succeeded}/{total} succeeded ({finished} finished) in {elapsed:F0} s (limit-bound ideal ≈ {ideal:F0} s); stub peak {stub.PeakRunning} concurrent tasks, "
                + $"{stub.Creates} creates; {concurrency}; jobs run per node: {string.Join(" / ", perNode)}; the nodes' ffprobe/ffmpeg CPU {ingestCpu:F0} s";
            var met = stub.PeakRunning <= limit && succeeded == total;
            return
            [
                new ScenarioResult(
                    Name,
                    $"{nodeCount} nodes, PostgreSQL, shared data directory, {config.Describe()}; {total} jobs round-robin; stub tasks {taskSeconds} s; clip {context.ClipFps} fps",
                    figures,
                    $"stub never above {limit} concurrent tasks; all succeed",
                    stub.Refused == 0 && stub.Creates == total ? ScenarioResult.Judge(met) : Verdict.Failed),
            ];
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }
}
