using Reelgate.Contracts.Video;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Tests.Storage;
using static Reelgate.Tests.Conformance.ContractData;

namespace Reelgate.Tests.Conformance;

/// <summary>
/// Credit held by jobs: the job store places, captures and releases holds in the transactions of
/// the job's changes, and the ledger must explain every one of them exactly once.
/// </summary>
public abstract class HoldsContract : StoreContract
{
    private const long Hold = 3 * Usd;

    private DateTimeOffset Now => Store.Time.GetUtcNow();

    private async Task<string> FundedProjectAsync(long micros, string name = "acme")
    {
        var project = await Store.ProjectAsync(name);
        await Store.Ledger.GrantAsync(project, micros, null, Now, CancellationToken);
        return project;
    }

    /// <summary>The ledger rows of one job, oldest first, as (kind, amount).</summary>
    private async Task<List<(LedgerKind Kind, long Amount)>> JobRowsAsync(string projectId, string jobId)
        => [.. (await Store.Ledger.AllLedgerAsync(projectId)).Where(r => r.JobId == jobId).Reverse().Select(r => (r.Kind, r.AmountMicros))];

    private async Task AssertExplainedAsync(string projectId, AccountBalance expected)
    {
        var balance = await Store.Ledger.GetBalanceAsync(projectId, CancellationToken);
        Assert.Equal(expected, balance);
        AssertExplains(await Store.Ledger.AllLedgerAsync(projectId), balance);
    }

    // ---- create ----

    [Fact]
    public async Task CreateJob_with_a_hold_shows_it_held_with_a_hold_row()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = Store.NewJob(project, Hold);

        var created = await Store.Jobs.CreatedAsync(job);
        var stored = await Store.OpenInstance().Jobs.GetJobAsync(project, job.Id, CancellationToken);

        Assert.Equal(Hold, created.HoldMicros);
        Assert.Equal(Hold, stored?.HoldMicros);
        var balance = await Store.OpenInstance().Ledger.GetBalanceAsync(project, CancellationToken);
        Assert.Equal(new AccountBalance(10 * Usd, Hold), balance);
        Assert.Equal(7 * Usd, balance.AvailableMicros);
        var row = (await Store.Ledger.ListLedgerAsync(project, null, 1, CancellationToken))[0];
        Assert.Equal((LedgerKind.Hold, Hold, job.Id), (row.Kind, row.AmountMicros, row.JobId));
        Assert.Equal((10 * Usd, Hold), (row.BalanceAfterMicros, row.HeldAfterMicros));
        Assert.Equal(job.CreatedAt, row.CreatedAt);
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd, Hold));
    }

    [Fact]
    public async Task CreateJob_whose_hold_equals_the_available_credit_is_created()
    {
        var project = await FundedProjectAsync(Hold + Usd);
        await Store.Jobs.CreatedAsync(Store.NewJob(project, Usd));

        var result = await Store.Jobs.CreateJobAsync(Store.NewJob(project, Hold), null, CancellationToken);

        Assert.Equal(CreateJobOutcome.Created, result.Outcome);
        var balance = await Store.Ledger.GetBalanceAsync(project, CancellationToken);
        Assert.Equal(0, balance.AvailableMicros);
    }

    [Fact]
    public async Task CreateJob_without_enough_credit_is_insufficient_credit_and_writes_nothing()
    {
        var project = await FundedProjectAsync(5 * Usd);
        await Store.Jobs.CreatedAsync(Store.NewJob(project, Hold));
        var job = Store.NewJob(project, Hold);
        var claim = new IdempotencyClaim("key-1", "hash-1");

        var result = await Store.Jobs.CreateJobAsync(job, claim, CancellationToken);

        Assert.Equal(CreateJobOutcome.InsufficientCredit, result.Outcome);
        Assert.Null(result.Job);
        Assert.Equal(new AccountBalance(5 * Usd, Hold), result.Balance);
        Assert.Null(await Store.Jobs.GetJobAsync(project, job.Id, CancellationToken));
        Assert.Single(await Store.Jobs.AllJobsAsync(project));
        Assert.Equal(2, (await Store.Ledger.AllLedgerAsync(project)).Count);
        await AssertExplainedAsync(project, new AccountBalance(5 * Usd, Hold));

        // Nothing was written, the idempotency key included: with credit, the same key creates the job.
        await Store.Ledger.GrantAsync(project, Usd, null, Now, CancellationToken);
        var retried = await Store.Jobs.CreateJobAsync(job, claim, CancellationToken);
        Assert.Equal(CreateJobOutcome.Created, retried.Outcome);
        Assert.Equal(job.Id, retried.Job?.Id);
    }

    [Fact]
    public async Task CreateJob_of_a_project_without_credit_is_insufficient_credit()
    {
        var project = await Store.ProjectAsync();

        var result = await Store.Jobs.CreateJobAsync(Store.NewJob(project, 1), null, CancellationToken);

        Assert.Equal(CreateJobOutcome.InsufficientCredit, result.Outcome);
        Assert.Equal(new AccountBalance(0, 0), result.Balance);
        Assert.Empty(await Store.Jobs.AllJobsAsync(project));
        Assert.Empty(await Store.Ledger.AllLedgerAsync(project));
    }

    [Fact]
    public async Task CreateJob_from_100_concurrent_callers_on_two_instances_holds_credit_for_exactly_37()
    {
        var project = await FundedProjectAsync(37 * Hold);
        var instances = new[] { Store.Primary, Store.OpenInstance() };
        var gate = NewGate();

        var calls = Enumerable.Range(0, 100).Select(i => Task.Run(
            async () =>
            {
                await gate.Task;
                return await instances[i % 2].Jobs.CreateJobAsync(Store.NewJob(project, Hold), null, CancellationToken);
            },
            CancellationToken)).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.Equal(37, results.Count(r => r.Outcome == CreateJobOutcome.Created));
        Assert.Equal(63, results.Count(r => r.Outcome == CreateJobOutcome.InsufficientCredit));
        Assert.All(
            results.Where(r => r.Outcome == CreateJobOutcome.InsufficientCredit),
            r => Assert.InRange(r.Balance!.AvailableMicros, 0, Hold - 1));
        var jobs = await Store.Jobs.AllJobsAsync(project);
        Assert.Equal(
            results.Where(r => r.Outcome == CreateJobOutcome.Created).Select(r => r.Job!.Id).Order(StringComparer.Ordinal),
            jobs.Select(j => j.Id).Order(StringComparer.Ordinal));
        var ledger = await Store.Ledger.AllLedgerAsync(project);
        Assert.Equal(37, ledger.Count(r => r.Kind == LedgerKind.Hold));
        await AssertExplainedAsync(project, new AccountBalance(37 * Hold, 37 * Hold));
    }

    // ---- completion ----

    [Fact]
    public async Task CompleteSucceeded_captures_the_cost_and_releases_the_rest()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));
        Store.Time.Advance(TimeSpan.FromSeconds(40));

        var completed = await Store.OpenInstance().Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 1_200_000, Now, CancellationToken);

        Assert.True(completed);
        var stored = await Store.Jobs.GetJobAsync(project, job.Id, CancellationToken);
        Assert.Equal((VideoJobState.Succeeded, 0L, 1_200_000L), (stored?.State, stored?.HoldMicros, stored?.CostMicros));
        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Capture, 1_200_000), (LedgerKind.Release, Hold - 1_200_000)], await JobRowsAsync(project, job.Id));
        Assert.All(await Store.Ledger.ListLedgerAsync(project, null, 2, CancellationToken), r => Assert.Equal(Now, r.CreatedAt));
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd - 1_200_000, 0));
    }

    [Fact]
    public async Task CompleteSucceeded_costing_the_whole_hold_captures_it_without_a_release()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));

        Assert.True(await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), Hold, Now, CancellationToken));

        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Capture, Hold)], await JobRowsAsync(project, job.Id));
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd - Hold, 0));
    }

    [Fact]
    public async Task CompleteSucceeded_of_a_free_job_releases_the_whole_hold_without_a_capture()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));

        Assert.True(await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 0, Now, CancellationToken));

        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Release, Hold)], await JobRowsAsync(project, job.Id));
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd, 0));
    }

    [Fact]
    public async Task CompleteSucceeded_twice_or_by_another_owner_settles_only_once()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));

        var byStranger = await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-2", TestJobs.Artifacts(job), Usd, Now, CancellationToken);
        var first = await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), Usd, Now, CancellationToken);
        var again = await Store.OpenInstance().Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), Usd, Now, CancellationToken);
        var failedAfter = await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "internal", "late", keepHold: false, Now, CancellationToken);

        Assert.Equal((false, true, false, false), (byStranger, first, again, failedAfter));
        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Capture, Usd), (LedgerKind.Release, Hold - Usd)], await JobRowsAsync(project, job.Id));
        await AssertExplainedAsync(project, new AccountBalance(9 * Usd, 0));
    }

    [Fact]
    public async Task CompleteFailed_releases_the_whole_hold()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));

        Assert.True(await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "vendor_error", "boom", keepHold: false, Now, CancellationToken));

        var stored = await Store.Jobs.GetJobAsync(project, job.Id, CancellationToken);
        Assert.Equal((VideoJobState.Failed, 0L, 0L), (stored?.State, stored?.HoldMicros, stored?.CostMicros));
        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Release, Hold)], await JobRowsAsync(project, job.Id));
        Assert.Empty(await Store.Settlement.ListHeldFailedJobsAsync(10, CancellationToken));
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd, 0));
    }

    [Fact]
    public async Task CompleteFailed_with_keepHold_keeps_the_hold_and_lists_the_job_as_held()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));

        Assert.True(await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "vendor_unknown", "timed out", keepHold: true, Now, CancellationToken));

        var stored = await Store.Jobs.GetJobAsync(project, job.Id, CancellationToken);
        Assert.Equal((VideoJobState.Failed, Hold), (stored?.State, stored?.HoldMicros));
        Assert.Equal([(LedgerKind.Hold, Hold)], await JobRowsAsync(project, job.Id));
        var held = await Store.OpenInstance().Settlement.ListHeldFailedJobsAsync(10, CancellationToken);
        Assert.Equal([(job.Id, Hold)], held.Select(j => (j.Id, j.HoldMicros)));
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd, Hold));
    }

    [Fact]
    public async Task DeleteJob_of_a_failed_job_keeping_its_hold_hides_it_but_leaves_the_hold_to_the_operator()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));
        Assert.True(await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "vendor_unknown", "timed out", keepHold: true, Now, CancellationToken));

        var deleted = await Store.Jobs.DeleteJobAsync(project, job.Id, Now, CancellationToken);
        var all = await Store.Jobs.DeleteAllJobsAsync(project, Now, CancellationToken);

        Assert.Equal((DeleteJobOutcome.Deleted, Hold), (deleted.Outcome, deleted.Job?.HoldMicros));
        Assert.Empty(all);
        Assert.Null(await Store.Jobs.GetJobAsync(project, job.Id, CancellationToken));
        Assert.Equal([(LedgerKind.Hold, Hold)], await JobRowsAsync(project, job.Id));
        var held = await Store.OpenInstance().Settlement.ListHeldFailedJobsAsync(10, CancellationToken);
        Assert.Equal([(job.Id, Hold)], held.Select(j => (j.Id, j.HoldMicros)));
        Assert.Equal(Hold, (await Store.Settlement.FindHeldFailedJobAsync(job.Id, CancellationToken))?.HoldMicros);
        Assert.True(await Store.Settlement.SettleHeldJobAsync(job.Id, 0, Now, CancellationToken));
        Assert.Null(await Store.Settlement.FindHeldFailedJobAsync(job.Id, CancellationToken));
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd, 0));
    }

    // ---- operator settlement of an unknown outcome ----

    [Fact]
    public async Task ListHeldFailedJobs_lists_only_failed_jobs_still_holding_oldest_first_up_to_max()
    {
        var project = await FundedProjectAsync(100 * Usd);
        var other = await FundedProjectAsync(100 * Usd, "other");
        var kept = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var job = await Store.RunningAsync(Store.NewJob(i % 2 == 0 ? project : other, Hold));
            await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "vendor_unknown", "?", keepHold: true, Now, CancellationToken);
            kept.Add(job.Id);
            Store.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var released = await Store.RunningAsync(Store.NewJob(project, Hold));
        await Store.Dispatch.CompleteFailedAsync(released.Id, "node-1", "vendor_error", "!", keepHold: false, Now, CancellationToken);
        var running = await Store.RunningAsync(Store.NewJob(project, Hold));
        await Store.Jobs.CreatedAsync(Store.NewJob(project, Hold));

        var all = await Store.Settlement.ListHeldFailedJobsAsync(10, CancellationToken);
        var firstTwo = await Store.Settlement.ListHeldFailedJobsAsync(2, CancellationToken);

        Assert.Equal(kept, all.Select(j => j.Id));
        Assert.Equal(kept.Take(2), firstTwo.Select(j => j.Id));
        Assert.DoesNotContain(running.Id, all.Select(j => j.Id));
    }

    [Fact]
    public async Task SettleHeldJob_captures_the_given_amount_and_releases_the_rest_exactly_once()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));
        await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "vendor_unknown", "?", keepHold: true, Now, CancellationToken);
        Store.Time.Advance(TimeSpan.FromHours(1));

        var settled = await Store.Settlement.SettleHeldJobAsync(job.Id, Usd, Now, CancellationToken);
        var again = await Store.OpenInstance().Settlement.SettleHeldJobAsync(job.Id, Usd, Now, CancellationToken);

        Assert.True(settled);
        Assert.False(again);
        var stored = await Store.Jobs.GetJobAsync(project, job.Id, CancellationToken);
        Assert.Equal((VideoJobState.Failed, 0L, Usd), (stored?.State, stored?.HoldMicros, stored?.CostMicros));
        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Capture, Usd), (LedgerKind.Release, Hold - Usd)], await JobRowsAsync(project, job.Id));
        Assert.Empty(await Store.Settlement.ListHeldFailedJobsAsync(10, CancellationToken));
        await AssertExplainedAsync(project, new AccountBalance(9 * Usd, 0));
    }

    [Fact]
    public async Task SettleHeldJob_captures_at_most_the_hold()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));
        await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "vendor_unknown", "?", keepHold: true, Now, CancellationToken);

        Assert.True(await Store.Settlement.SettleHeldJobAsync(job.Id, 5 * Usd, Now, CancellationToken));

        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Capture, Hold)], await JobRowsAsync(project, job.Id));
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd - Hold, 0));
    }

    [Fact]
    public async Task SettleHeldJob_of_a_job_that_holds_nothing_or_is_not_failed_is_false_and_moves_nothing()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var running = await Store.RunningAsync(Store.NewJob(project, Hold));
        var failed = await Store.RunningAsync(Store.NewJob(project, Hold));
        await Store.Dispatch.CompleteFailedAsync(failed.Id, "node-1", "vendor_error", "!", keepHold: false, Now, CancellationToken);
        var queued = await Store.Jobs.CreatedAsync(Store.NewJob(project, Hold));
        var before = await Store.Ledger.AllLedgerAsync(project);

        Assert.False(await Store.Settlement.SettleHeldJobAsync(queued.Id, 0, Now, CancellationToken));
        Assert.False(await Store.Settlement.SettleHeldJobAsync(running.Id, 0, Now, CancellationToken));
        Assert.False(await Store.Settlement.SettleHeldJobAsync(failed.Id, 0, Now, CancellationToken));
        Assert.False(await Store.Settlement.SettleHeldJobAsync(JobId.New(Store.Time), 0, Now, CancellationToken));

        Assert.Equal(before, await Store.Ledger.AllLedgerAsync(project));
    }

    [Fact]
    public async Task SettleHeldJob_from_two_instances_concurrently_settles_each_job_exactly_once()
    {
        var project = await FundedProjectAsync(100 * Usd);
        var jobs = new List<Job>();
        for (var i = 0; i < 10; i++)
        {
            var job = await Store.RunningAsync(Store.NewJob(project, Hold));
            await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "vendor_unknown", "?", keepHold: true, Now, CancellationToken);
            jobs.Add(job);
        }

        var instances = new[] { Store.Primary, Store.OpenInstance() };
        var gate = NewGate();
        var settles = jobs
            .SelectMany(job => Enumerable.Range(0, 4).Select(n => (job.Id, Task: Task.Run(
                async () =>
                {
                    await gate.Task;

                    // Each contender captures a different amount; whichever wins, only its amount moves.
                    return await instances[n % 2].Settlement.SettleHeldJobAsync(job.Id, (n + 1) * 500_000, Now, CancellationToken);
                },
                CancellationToken))))
            .ToList();
        gate.SetResult();
        await Task.WhenAll(settles.Select(s => s.Task));

        long captured = 0;
        foreach (var job in jobs)
        {
            Assert.Equal(1, settles.Count(s => s.Id == job.Id && s.Task.Result));
            var rows = await JobRowsAsync(project, job.Id);
            Assert.Equal((LedgerKind.Hold, Hold), rows[0]);
            Assert.Single(rows, r => r.Kind == LedgerKind.Capture);
            Assert.Single(rows, r => r.Kind == LedgerKind.Release);
            Assert.Equal(Hold, rows.Skip(1).Sum(r => r.Amount));
            var capture = rows.Single(r => r.Kind == LedgerKind.Capture).Amount;
            Assert.Equal(capture, (await Store.Jobs.GetJobAsync(project, job.Id, CancellationToken))?.CostMicros);
            captured += capture;
        }

        await AssertExplainedAsync(project, new AccountBalance(100 * Usd - captured, 0));
    }

    // ---- cancel and delete ----

    [Fact]
    public async Task CancelJob_of_a_queued_or_running_job_releases_its_hold_once()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var running = await Store.RunningAsync(Store.NewJob(project, Hold));
        var queued = await Store.Jobs.CreatedAsync(Store.NewJob(project, Hold));

        var cancelQueued = await Store.Jobs.CancelJobAsync(project, queued.Id, Now, CancellationToken);
        var cancelRunning = await Store.OpenInstance().Jobs.CancelJobAsync(project, running.Id, Now, CancellationToken);
        var again = await Store.Jobs.CancelJobAsync(project, queued.Id, Now, CancellationToken);

        Assert.Equal((CancelJobOutcome.Canceled, 0L), (cancelQueued.Outcome, cancelQueued.Job?.HoldMicros));
        Assert.Equal((CancelJobOutcome.Canceled, 0L), (cancelRunning.Outcome, cancelRunning.Job?.HoldMicros));
        Assert.Equal(CancelJobOutcome.AlreadyTerminal, again.Outcome);
        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Release, Hold)], await JobRowsAsync(project, queued.Id));
        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Release, Hold)], await JobRowsAsync(project, running.Id));
        Assert.False(await Store.Dispatch.CompleteSucceededAsync(running.Id, "node-1", TestJobs.Artifacts(running), Usd, Now, CancellationToken));
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd, 0));
    }

    [Fact]
    public async Task CancelJob_of_another_projects_job_releases_nothing()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var other = await FundedProjectAsync(10 * Usd, "other");
        var job = await Store.Jobs.CreatedAsync(Store.NewJob(project, Hold));

        var result = await Store.Jobs.CancelJobAsync(other, job.Id, Now, CancellationToken);

        Assert.Equal(CancelJobOutcome.NotFound, result.Outcome);
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd, Hold));
        await AssertExplainedAsync(other, new AccountBalance(10 * Usd, 0));
    }

    [Fact]
    public async Task DeleteJob_of_an_active_job_releases_its_hold_once()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var running = await Store.RunningAsync(Store.NewJob(project, Hold));
        var queued = await Store.Jobs.CreatedAsync(Store.NewJob(project, Hold));

        var deleteQueued = await Store.Jobs.DeleteJobAsync(project, queued.Id, Now, CancellationToken);
        var deleteRunning = await Store.OpenInstance().Jobs.DeleteJobAsync(project, running.Id, Now, CancellationToken);
        var again = await Store.Jobs.DeleteJobAsync(project, running.Id, Now, CancellationToken);

        Assert.Equal((DeleteJobOutcome.Deleted, 0L), (deleteQueued.Outcome, deleteQueued.Job?.HoldMicros));
        Assert.Equal((DeleteJobOutcome.Deleted, 0L), (deleteRunning.Outcome, deleteRunning.Job?.HoldMicros));
        Assert.Equal(DeleteJobOutcome.AlreadyDeleted, again.Outcome);
        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Release, Hold)], await JobRowsAsync(project, queued.Id));
        Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Release, Hold)], await JobRowsAsync(project, running.Id));
        Assert.False(await Store.Dispatch.CompleteSucceededAsync(running.Id, "node-1", TestJobs.Artifacts(running), Usd, Now, CancellationToken));
        await AssertExplainedAsync(project, new AccountBalance(10 * Usd, 0));
    }

    [Fact]
    public async Task DeleteJob_of_a_succeeded_job_moves_no_credit()
    {
        var project = await FundedProjectAsync(10 * Usd);
        var job = await Store.RunningAsync(Store.NewJob(project, Hold));
        await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), Usd, Now, CancellationToken);
        var before = await Store.Ledger.AllLedgerAsync(project);

        Assert.Equal(DeleteJobOutcome.Deleted, (await Store.Jobs.DeleteJobAsync(project, job.Id, Now, CancellationToken)).Outcome);

        Assert.Equal(before, await Store.Ledger.AllLedgerAsync(project));
        await AssertExplainedAsync(project, new AccountBalance(9 * Usd, 0));
    }

    [Fact]
    public async Task DeleteAllJobs_releases_every_active_hold_of_the_project_only()
    {
        var project = await FundedProjectAsync(20 * Usd);
        var other = await FundedProjectAsync(20 * Usd, "other");
        await Store.RunningAsync(Store.NewJob(project, Hold));
        await Store.Jobs.CreatedAsync(Store.NewJob(project, Hold));
        await Store.Jobs.CreatedAsync(Store.NewJob(project, Usd));
        await Store.Jobs.CreatedAsync(Store.NewJob(other, Hold));

        var deleted = await Store.Jobs.DeleteAllJobsAsync(project, Now, CancellationToken);

        Assert.Equal(3, deleted.Count);
        Assert.All(deleted, j => Assert.Equal(0, j.HoldMicros));
        await AssertExplainedAsync(project, new AccountBalance(20 * Usd, 0));
        await AssertExplainedAsync(other, new AccountBalance(20 * Usd, Hold));
        Assert.Equal(3, (await Store.Ledger.AllLedgerAsync(project)).Count(r => r.Kind == LedgerKind.Release));
    }

    // ---- races ----

    [Fact]
    public async Task CompleteSucceeded_racing_a_cancel_settles_exactly_once_whichever_wins()
    {
        const int Rounds = 60;
        const long Cost = 1_250_000;
        var project = await FundedProjectAsync(Rounds * Hold);
        var jobs = new List<Job>();
        for (var i = 0; i < Rounds; i++)
        {
            jobs.Add(await Store.Jobs.CreatedAsync(Store.NewJob(project, Hold)));
        }

        var now = Now;
        Assert.Equal(Rounds, (await Store.ClaimAsync("node-1", Rounds)).Count);
        var completer = Store.OpenInstance().Dispatch;
        var canceller = Store.OpenInstance().Jobs;
        var gate = NewGate();

        var rounds = jobs.Select(job => (
            Job: job,
            Complete: Task.Run(async () => { await gate.Task; return await completer.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), Cost, now, CancellationToken); }, CancellationToken),
            Cancel: Task.Run(async () => { await gate.Task; return await canceller.CancelJobAsync(project, job.Id, now, CancellationToken); }, CancellationToken)))
            .ToList();
        gate.SetResult();
        await Task.WhenAll(rounds.SelectMany(r => new Task[] { r.Complete, r.Cancel }));

        var succeeded = 0;
        foreach (var (job, complete, cancel) in rounds)
        {
            var stored = await Store.Jobs.GetJobAsync(project, job.Id, CancellationToken);
            var rows = await JobRowsAsync(project, job.Id);
            Assert.Equal(0, stored?.HoldMicros);
            if (await complete)
            {
                succeeded++;
                Assert.Equal(CancelJobOutcome.AlreadyTerminal, (await cancel).Outcome);
                Assert.Equal(VideoJobState.Succeeded, stored?.State);
                Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Capture, Cost), (LedgerKind.Release, Hold - Cost)], rows);
            }
            else
            {
                Assert.Equal(CancelJobOutcome.Canceled, (await cancel).Outcome);
                Assert.Equal(VideoJobState.Canceled, stored?.State);
                Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Release, Hold)], rows);
            }
        }

        await AssertExplainedAsync(project, new AccountBalance((Rounds * Hold) - (succeeded * Cost), 0));
    }

    [Fact]
    public async Task CompleteFailed_racing_a_delete_releases_the_hold_exactly_once_whichever_wins()
    {
        const int Rounds = 60;
        var project = await FundedProjectAsync(Rounds * Hold);
        var jobs = new List<Job>();
        for (var i = 0; i < Rounds; i++)
        {
            jobs.Add(await Store.Jobs.CreatedAsync(Store.NewJob(project, Hold)));
        }

        var now = Now;
        Assert.Equal(Rounds, (await Store.ClaimAsync("node-1", Rounds)).Count);
        var failer = Store.OpenInstance().Dispatch;
        var deleter = Store.OpenInstance().Jobs;
        var gate = NewGate();

        var rounds = jobs.Select(job => (
            Job: job,
            Fail: Task.Run(async () => { await gate.Task; return await failer.CompleteFailedAsync(job.Id, "node-1", "vendor_error", "!", keepHold: false, now, CancellationToken); }, CancellationToken),
            Delete: Task.Run(async () => { await gate.Task; return await deleter.DeleteJobAsync(project, job.Id, now, CancellationToken); }, CancellationToken)))
            .ToList();
        gate.SetResult();
        await Task.WhenAll(rounds.SelectMany(r => new Task[] { r.Fail, r.Delete }));

        foreach (var (job, _, delete) in rounds)
        {
            Assert.Equal(DeleteJobOutcome.Deleted, (await delete).Outcome);
            Assert.Equal([(LedgerKind.Hold, Hold), (LedgerKind.Release, Hold)], await JobRowsAsync(project, job.Id));
            Assert.Null(await Store.Jobs.GetJobAsync(project, job.Id, CancellationToken));
        }

        await AssertExplainedAsync(project, new AccountBalance(Rounds * Hold, 0));
    }

    // ---- everything together ----

    [Fact]
    public async Task Ledger_explains_balance_and_held_exactly_after_a_randomized_concurrent_workload()
    {
        var project = await FundedProjectAsync(20 * Usd);
        var instances = new[] { Store.Primary, Store.OpenInstance() };
        var now = Now;
        var created = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var gate = NewGate();

        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(
            async () =>
            {
                await gate.Task;
                var random = new Random(7919 * (worker + 1));
                var instance = instances[worker % 2];
                var owner = $"node-{worker}";
                var mine = new List<Job>();
                for (var step = 0; step < 80; step++)
                {
                    var roll = random.Next(100);
                    if (roll < 40)
                    {
                        var result = await instance.Jobs.CreateJobAsync(Store.NewJob(project, random.Next(1, 20) * 100_000), null, CancellationToken);
                        if (result.Outcome == CreateJobOutcome.Created)
                        {
                            created[result.Job!.Id] = result.Job.HoldMicros;
                        }
                        else
                        {
                            Assert.Equal(CreateJobOutcome.InsufficientCredit, result.Outcome);
                            Assert.True(result.Balance!.AvailableMicros >= 0);
                        }
                    }
                    else if (roll < 55)
                    {
                        mine.AddRange(await instance.Dispatch.ClaimAsync(owner, 3, now));
                    }
                    else if (roll < 80 && mine.Count > 0)
                    {
                        var job = mine[random.Next(mine.Count)];
                        mine.Remove(job);
                        _ = random.Next(3) switch
                        {
                            0 => await instance.Dispatch.CompleteSucceededAsync(job.Id, owner, TestJobs.Artifacts(job), random.NextInt64(0, job.HoldMicros + 1), now, CancellationToken),
                            1 => await instance.Dispatch.CompleteFailedAsync(job.Id, owner, "vendor_error", "!", keepHold: false, now, CancellationToken),
                            _ => await instance.Dispatch.CompleteFailedAsync(job.Id, owner, "vendor_unknown", "?", keepHold: true, now, CancellationToken),
                        };
                    }
                    else if (roll < 88 && !created.IsEmpty)
                    {
                        var victim = created.Keys.ElementAt(random.Next(created.Count));
                        if (random.Next(2) == 0)
                        {
                            await instance.Jobs.CancelJobAsync(project, victim, now, CancellationToken);
                        }
                        else
                        {
                            await instance.Jobs.DeleteJobAsync(project, victim, now, CancellationToken);
                        }
                    }
                    else if (roll < 93)
                    {
                        foreach (var held in await instance.Settlement.ListHeldFailedJobsAsync(2, CancellationToken))
                        {
                            await instance.Settlement.SettleHeldJobAsync(held.Id, random.NextInt64(0, held.HoldMicros + 1), now, CancellationToken);
                        }
                    }
                    else if (roll < 97)
                    {
                        await instance.Ledger.GrantAsync(project, random.Next(1, 10) * 100_000, null, now, CancellationToken);
                    }
                    else
                    {
                        var topUp = Store.NewTopUp(project, random.Next(1, 10) * 100_000);
                        await instance.Ledger.CreateTopUpAsync(topUp, CancellationToken);
                        await instance.Ledger.CreditTopUpAsync(topUp.Id, now, CancellationToken);
                        await instances[(worker + 1) % 2].Ledger.CreditTopUpAsync(topUp.Id, now, CancellationToken);
                    }
                }
            },
            CancellationToken)).ToList();
        gate.SetResult();
        await Task.WhenAll(workers);

        var balance = await Store.Ledger.GetBalanceAsync(project, CancellationToken);
        var ledger = await Store.Ledger.AllLedgerAsync(project);
        AssertExplains(ledger, balance);
        Assert.True(balance.AvailableMicros >= 0);
        Assert.Equal(ledger.Select(r => r.Id).Distinct().Count(), ledger.Count);

        // Each job was held once for what it asked, settled at most once, and still holds the difference.
        var jobs = (await Store.Jobs.AllJobsAsync(project)).ToDictionary(j => j.Id, StringComparer.Ordinal);

        // A deleted job is gone from the list, but one that failed with an unknown outcome still holds.
        var heldAfterDelete = (await Store.Settlement.ListHeldFailedJobsAsync(10_000, CancellationToken)).Where(j => !jobs.ContainsKey(j.Id)).ToDictionary(j => j.Id, j => j.HoldMicros, StringComparer.Ordinal);
        Assert.Equal(created.Count, ledger.Count(r => r.Kind == LedgerKind.Hold));
        foreach (var (jobId, hold) in created)
        {
            var rows = ledger.Where(r => r.JobId == jobId).ToList();
            Assert.Equal(hold, Assert.Single(rows, r => r.Kind == LedgerKind.Hold).AmountMicros);
            Assert.True(rows.Count(r => r.Kind == LedgerKind.Capture) <= 1);
            Assert.True(rows.Count(r => r.Kind == LedgerKind.Release) <= 1);
            var settled = rows.Where(r => r.Kind is LedgerKind.Capture or LedgerKind.Release).Sum(r => r.AmountMicros);
            var stillHeld = jobs.TryGetValue(jobId, out var job) ? job.HoldMicros : heldAfterDelete.GetValueOrDefault(jobId);
            Assert.Equal(hold, settled + stillHeld);
            if (job is { IsTerminal: true, State: not VideoJobState.Failed })
            {
                Assert.Equal(0, job.HoldMicros);
            }

            if (job is not null)
            {
                Assert.Equal(rows.Where(r => r.Kind == LedgerKind.Capture).Sum(r => r.AmountMicros), job.CostMicros);
            }
        }

        Assert.Equal(balance.HeldMicros, jobs.Values.Sum(j => j.HoldMicros) + heldAfterDelete.Values.Sum());
    }
}

public sealed class SqliteHoldsContract : HoldsContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => SqliteStoreHarness.CreateAsync();
}

public sealed class PostgresHoldsContract : HoldsContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => PostgresStoreHarness.CreateAsync();
}
