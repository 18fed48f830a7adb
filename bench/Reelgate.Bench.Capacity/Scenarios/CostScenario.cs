using System.Diagnostics;
using Reelgate.Bench.Capacity.Gateway;
using Reelgate.Bench.Capacity.Postgres;
using Reelgate.Contracts.Video;

namespace Reelgate.Bench.Capacity.Scenarios;

/// <summary>
/// The gateway's own cost per job, from accept to <c>succeeded</c>, for a 5 s 720p clip at 24 fps:
/// 100 jobs paced at 20/s (one node, rate limits off, stub tasks of 3 s reporting RUNNING without
/// progress), after 5 warm-up jobs. Reports gateway CPU per job (and that of its ffprobe/ffmpeg
/// children), database write transactions per job, and on PostgreSQL statements per job from
/// <c>pg_stat_statements</c>. Figures include what the node does in the background during the run
/// (heartbeat, idle claim checks, the queue gauges read while the bench watches /metrics).
/// Writes and statements per job are held to bench/budgets/capacity.json.
/// </summary>
internal sealed class CostScenario : IScenario
{
    private const int WarmupJobs = 5;
    private const int Fps = 24;

    public string Name => "cost";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var jobs = Env.Int("COST_JOBS", 100);
        var taskSeconds = Env.Int("COST_TASK_SECONDS", 3);
        var budget = new CostBudget(context.BudgetFile);
        var results = new List<ScenarioResult> { await MeasureAsync(context, "sqlite", null, jobs, taskSeconds, budget, cancellationToken) };
        if (context.PostgresWithStatements is { } admin)
        {
            await using var database = await PostgresDatabase.CreateAsync(admin, Name, cancellationToken);
            results.Add(await MeasureAsync(context, "postgres", database, jobs, taskSeconds, budget, cancellationToken));
        }
        else
        {
            context.Log("CAPACITY_POSTGRES_STATEMENTS not set: no PostgreSQL row");
        }

        return results;
    }

    private static async Task<ScenarioResult> MeasureAsync(BenchContext context, string store, PostgresDatabase? database, int jobs, int taskSeconds, CostBudget budget, CancellationToken cancellationToken)
    {
        await using var stub = await context.StartStubAsync(TimeSpan.FromSeconds(taskSeconds), Fps, cancellationToken);
        var config = context.Gateway($"cost-{store}", stub).With("Reelgate:RateLimits:Enabled", "false");
        config = database is null ? config : config.OnPostgres(database.ConnectionString);
        var key = await config.CreateFundedProjectAsync("cost", Jobs.CreditFor(jobs + WarmupJobs), cancellationToken);
        await using var node = await GatewayNode.StartAsync(config, "gateway", cancellationToken);
        var client = node.Client(key);

        // Warm-up: JIT, connection pools, prepared statements; a job's steady cost is what is measured.
        await Jobs.SubmitManyAsync(client, "warmup", WarmupJobs, parallel: 1, cancellationToken);
        await Jobs.WaitForFinishedAsync([node], WarmupJobs, TimeSpan.FromMinutes(2), cancellationToken);

        var before = node.Sample();
        var writesBefore = (await node.ScrapeAsync(cancellationToken)).Sum("reelgate_db_writes_total");
        var statementsBefore = database is null ? null : await database.StatementCallsAsync(cancellationToken);

        context.Log($"{store}: {jobs} jobs at 20/s");
        var pending = new List<Task<Submission>>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < jobs; i++)
        {
            var wait = TimeSpan.FromMilliseconds(50 * i) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            pending.Add(Jobs.SubmitAsync(client, $"cost-{i}", cancellationToken));
        }

        await Task.WhenAll(pending);
        var finished = await Jobs.WaitForFinishedAsync([node], WarmupJobs + jobs, TimeSpan.FromMinutes(5), cancellationToken) - WarmupJobs;
        var after = node.Sample();
        var runSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var writes = ((await node.ScrapeAsync(cancellationToken)).Sum("reelgate_db_writes_total") - writesBefore) / jobs;
        var statements = statementsBefore is null ? null : Delta(statementsBefore, await database!.StatementCallsAsync(cancellationToken));
        var succeeded = (await Jobs.ListAllAsync(client, cancellationToken)).Count(j => j.State == VideoJobState.Succeeded) - WarmupJobs;

        var measured = new Dictionary<string, double> { ["writes_per_job"] = writes };
        var figures = $"{succeeded}/{jobs} succeeded in {runSeconds:F1} s; gateway CPU {(after.Cpu - before.Cpu).TotalMilliseconds / jobs:F0} ms/job "
            + $"(+ ffprobe/ffmpeg {(after.ChildrenCpu - before.ChildrenCpu).TotalMilliseconds / jobs:F0} ms/job); {writes:F2} write transactions/job";
        if (statements is not null)
        {
            var total = statements.Values.Sum() / (double)jobs;
            var transactionControl = statements.Where(s => IsTransactionControl(s.Key)).Sum(s => s.Value) / (double)jobs;
            measured["statements_per_job"] = total;
            figures += $"; {total:F2} statements/job from pg_stat_statements, BEGIN/COMMIT included ({transactionControl:F2} of them)";
            foreach (var (query, calls) in statements.OrderByDescending(s => s.Value).Take(30))
            {
                context.Log($"  {calls / (double)jobs,6:F2}/job  {Flatten(query)}");
            }
        }

        var over = budget.Exceeded(store, jobs, measured);
        if (Env.Flag("CAPACITY_UPDATE_BUDGET"))
        {
            budget.Write(store, jobs, measured);
            context.Log($"wrote the {store} budget to {context.BudgetFile}");
        }

        var valid = succeeded == jobs && finished == jobs && stub.Refused == 0;
        return new ScenarioResult(
            $"cost/{store}",
            $"1 node, {(database is null ? "SQLite" : "PostgreSQL")}{(database is not null && Env.String("CAPACITY_POSTGRES_OPTIONS") is { } extra ? $" (`{extra}`)" : "")}, {config.Describe()}; {jobs} jobs paced at 20/s after {WarmupJobs} warm-up jobs; stub tasks {taskSeconds} s (RUNNING, no progress); clip 24 fps",
            figures + over switch
            {
                null => "; budgets not checked (measured with another number of jobs)",
                [] => "",
                _ => $"; OVER BUDGET: {string.Join(", ", over)}",
            },
            budget.Describe(store),
            !valid || over is [_, ..] ? Verdict.Failed : over is null ? Verdict.Reported : Verdict.Met);
    }

    private static Dictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after)
        => after.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key), StringComparer.Ordinal)
            .Where(d => d.Value > 0).ToDictionary(StringComparer.Ordinal);

    private static bool IsTransactionControl(string query)
        => query.TrimStart().Split(' ', 2)[0].ToUpperInvariant() is "BEGIN" or "COMMIT" or "ROLLBACK" or "START" or "SAVEPOINT" or "RELEASE";

    private static string Flatten(string query)
    {
        var flat = string.Join(' ', query.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 140 ? flat[..140] + "…" : flat;
    }
}
