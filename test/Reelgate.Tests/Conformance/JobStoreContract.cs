using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Conformance;

/// <summary>The API's side of the job store (<see cref="IJobStore"/>), run on every storage provider.</summary>
public abstract class JobStoreContract : JobContractBase
{
    [Fact]
    public async Task CreateJob_through_one_instance_is_seen_by_a_second_instance()
    {
        var job = TestJobs.Queued(Store.Time);
        await Store.Jobs.CreateJobAsync(job, null, CancellationToken);

        var found = await Store.OpenInstance().Jobs.GetJobAsync(job.ProjectId, job.Id, CancellationToken);

        Assert.Equal(job.Id, found?.Id);
    }

    // ---- create, get, list ----

    [Fact]
    public async Task CreateJob_then_GetJob_returns_every_field_as_stored()
    {
        var sut = Store.Jobs;
        var job = TestJobs.Queued(Store.Time) with
        {
            Spec = TestJobs.Queued(Store.Time).Spec with
            {
                ReferenceImageUrl = "https://example.com/r.png",
                CallbackUrl = "https://example.com/hook",
                VendorPin = "local",
                ModelPin = "procedural-v1",
                Aspect = Aspect.Square,
                Resolution = Resolution.P1080,
                Prefer = Prefer.Smartest,
                DurationSeconds = 8,
                Metadata = new Dictionary<string, string> { ["user"] = "42", ["ü"] = "ß \"quoted\"" },
            },
            RetentionDays = 7,
        };

        var created = await sut.CreateJobAsync(job, null, CancellationToken);
        var found = await sut.GetJobAsync(job.ProjectId, job.Id, CancellationToken);

        Assert.Equal(CreateJobOutcome.Created, created.Outcome);
        Assert.NotNull(found);
        Assert.Equal(job.Id, found.Id);
        Assert.Equal(VideoJobState.Queued, found.State);
        Assert.Equal(job.Spec with { Metadata = null }, found.Spec with { Metadata = null });
        Assert.Equal(job.Spec.Metadata!.OrderBy(p => p.Key, StringComparer.Ordinal), found.Spec.Metadata!.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(job.Plan, found.Plan);
        Assert.Equal(7, found.RetentionDays);
        Assert.Equal(job.CreatedAt, found.CreatedAt);
        Assert.Equal(job.UpdatedAt, found.UpdatedAt);
        Assert.Null(found.CompletedAt);
        Assert.Null(found.ExpiresAt);
        Assert.Null(found.Artifacts);
        Assert.Null(found.LeaseOwner);
    }

    [Fact]
    public async Task GetJob_of_another_projects_job_is_null()
    {
        var sut = Store.Jobs;
        var job = TestJobs.Queued(Store.Time, projectId: "proj_a");
        await sut.CreateJobAsync(job, null, CancellationToken);

        var found = await sut.GetJobAsync("proj_b", job.Id, CancellationToken);
        var listed = await sut.ListJobsAsync("proj_b", null, 100, CancellationToken);

        Assert.Null(found);
        Assert.Empty(listed);
    }

    [Fact]
    public async Task FindJob_finds_a_job_regardless_of_project()
    {
        var sut = Store.Jobs;
        var job = TestJobs.Queued(Store.Time, projectId: "proj_a");
        await sut.CreateJobAsync(job, null, CancellationToken);

        var found = await sut.FindJobAsync(job.Id, CancellationToken);
        var missing = await sut.FindJobAsync(JobId.New(Store.Time), CancellationToken);

        Assert.Equal(job.Id, found?.Id);
        Assert.Null(missing);
    }

    [Fact]
    public async Task ListJobs_pages_newest_first_through_every_job_exactly_once()
    {
        var sut = Store.Jobs;
        var ids = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            var job = TestJobs.Queued(Store.Time);
            ids.Add(job.Id);
            await sut.CreateJobAsync(job, null, CancellationToken);
            Store.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await sut.CreateJobAsync(TestJobs.Queued(Store.Time, projectId: "proj_other"), null, CancellationToken);

        var seen = new List<string>();
        var pages = 0;
        string? before = null;
        while (true)
        {
            var page = await sut.ListJobsAsync("proj_a", before, 37, CancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 37);
            pages++;
            seen.AddRange(page.Select(j => j.Id));
            before = page[^1].Id;
        }

        Assert.Equal(7, pages);
        Assert.Equal(250, seen.Count);
        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
        Assert.Equal(seen.OrderDescending(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListJobs_respects_the_limit_and_starts_with_the_newest()
    {
        var sut = Store.Jobs;
        var first = TestJobs.Queued(Store.Time);
        Store.Time.Advance(TimeSpan.FromSeconds(1));
        var second = TestJobs.Queued(Store.Time);
        Store.Time.Advance(TimeSpan.FromSeconds(1));
        var third = TestJobs.Queued(Store.Time);
        foreach (var job in new[] { second, third, first })
        {
            await sut.CreateJobAsync(job, null, CancellationToken);
        }

        var page = await sut.ListJobsAsync("proj_a", null, 2, CancellationToken);

        Assert.Equal([third.Id, second.Id], page.Select(j => j.Id));
    }

    // ---- idempotency of create ----

    [Fact]
    public async Task CreateJob_with_a_used_key_and_the_same_request_replays_the_original_job()
    {
        var sut = Store.Jobs;
        var original = TestJobs.Queued(Store.Time);
        var duplicate = TestJobs.Queued(Store.Time);
        var claim = new IdempotencyClaim("key-1", "hash-1");
        await sut.CreateJobAsync(original, claim, CancellationToken);

        var replay = await sut.CreateJobAsync(duplicate, claim, CancellationToken);

        Assert.Equal(CreateJobOutcome.Replayed, replay.Outcome);
        Assert.Equal(original.Id, replay.Job?.Id);
        Assert.Single(await sut.ListJobsAsync("proj_a", null, 100, CancellationToken));
        Assert.Null(await sut.GetJobAsync("proj_a", duplicate.Id, CancellationToken));
    }

    [Fact]
    public async Task CreateJob_with_a_used_key_and_another_request_is_key_reused()
    {
        var sut = Store.Jobs;
        await sut.CreateJobAsync(TestJobs.Queued(Store.Time), new IdempotencyClaim("key-1", "hash-1"), CancellationToken);

        var reuse = await sut.CreateJobAsync(TestJobs.Queued(Store.Time, prompt: "other"), new IdempotencyClaim("key-1", "hash-2"), CancellationToken);

        Assert.Equal(CreateJobOutcome.KeyReused, reuse.Outcome);
        Assert.Null(reuse.Job);
        Assert.Single(await sut.ListJobsAsync("proj_a", null, 100, CancellationToken));
    }

    [Fact]
    public async Task CreateJob_scopes_idempotency_keys_to_the_project()
    {
        var sut = Store.Jobs;
        var claim = new IdempotencyClaim("key-1", "hash-1");
        await sut.CreateJobAsync(TestJobs.Queued(Store.Time, projectId: "proj_a"), claim, CancellationToken);

        var other = await sut.CreateJobAsync(TestJobs.Queued(Store.Time, projectId: "proj_b"), claim, CancellationToken);

        Assert.Equal(CreateJobOutcome.Created, other.Outcome);
    }

    [Fact]
    public async Task CreateJob_with_one_key_from_20_concurrent_callers_creates_exactly_one_job()
    {
        var sut = Store.Jobs;
        var claim = new IdempotencyClaim("key-concurrent", "hash-1");
        var jobs = Enumerable.Range(0, 20).Select(_ => TestJobs.Queued(Store.Time)).ToList();
        using var gate = new ManualResetEventSlim();

        var tasks = jobs.Select(job => Task.Run(
            async () =>
            {
                gate.Wait(CancellationToken);
                return await sut.CreateJobAsync(job, claim, CancellationToken);
            },
            CancellationToken)).ToList();
        gate.Set();
        var results = await Task.WhenAll(tasks);

        var created = Assert.Single(results, r => r.Outcome == CreateJobOutcome.Created);
        Assert.Equal(19, results.Count(r => r.Outcome == CreateJobOutcome.Replayed));
        Assert.All(results, r => Assert.Equal(created.Job!.Id, r.Job?.Id));
        var listed = Assert.Single(await sut.ListJobsAsync("proj_a", null, 100, CancellationToken));
        Assert.Equal(created.Job!.Id, listed.Id);
    }

    [Fact]
    public async Task CreateJob_from_100_concurrent_callers_on_two_instances_never_overdraws_the_credit()
    {
        const long hold = 1_000;
        await Store.Ledger.GrantAsync("proj_a", 10 * hold, null, Now, CancellationToken);
        var instances = new[] { Store.Primary, Store.OpenInstance() };
        var jobs = Enumerable.Range(0, 100).Select(_ => TestJobs.Queued(Store.Time) with { HoldMicros = hold }).ToList();
        using var gate = new ManualResetEventSlim();

        var tasks = jobs.Select((job, i) => Task.Run(
            async () =>
            {
                gate.Wait(CancellationToken);
                return await instances[i % 2].Jobs.CreateJobAsync(job, null, CancellationToken);
            },
            CancellationToken)).ToList();
        gate.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(10, results.Count(r => r.Outcome == CreateJobOutcome.Created));
        Assert.Equal(90, results.Count(r => r.Outcome == CreateJobOutcome.InsufficientCredit));
        var balance = await Store.Ledger.GetBalanceAsync("proj_a", CancellationToken);
        Assert.Equal(10 * hold, balance.BalanceMicros);
        Assert.Equal(10 * hold, balance.HeldMicros);
        var ledger = await Store.Ledger.ListLedgerAsync("proj_a", null, 100, CancellationToken);
        Assert.Equal(Enumerable.Range(1, 10).Select(n => n * hold).Reverse(), ledger.Where(e => e.Kind == Reelgate.Core.Billing.LedgerKind.Hold).Select(e => e.HeldAfterMicros));
    }

    [Fact]
    public async Task CancelJob_racing_CompleteSucceeded_settles_each_hold_exactly_once()
    {
        const long hold = 1_000;
        await Store.Ledger.GrantAsync("proj_a", 20 * hold, null, Now, CancellationToken);
        var jobs = new List<Job>();
        for (var i = 0; i < 20; i++)
        {
            var job = TestJobs.Queued(Store.Time) with { HoldMicros = hold };
            Assert.Equal(CreateJobOutcome.Created, (await Store.Jobs.CreateJobAsync(job, null, CancellationToken)).Outcome);
            jobs.Add(job);
        }

        Assert.Equal(20, (await Store.ClaimAsync("node-1", 20)).Count);
        var other = Store.OpenInstance().Jobs;
        using var gate = new ManualResetEventSlim();

        var races = jobs.Select(job => (
            Cancel: Task.Run(async () => { gate.Wait(CancellationToken); return await other.CancelJobAsync("proj_a", job.Id, Now, CancellationToken); }, CancellationToken),
            Complete: Task.Run(async () => { gate.Wait(CancellationToken); return await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 400, Now, CancellationToken); }, CancellationToken))).ToList();
        gate.Set();
        var cancels = await Task.WhenAll(races.Select(r => r.Cancel));
        var completes = await Task.WhenAll(races.Select(r => r.Complete));

        var succeeded = completes.Count(c => c);
        Assert.All(Enumerable.Range(0, jobs.Count), i => Assert.True(completes[i] ^ (cancels[i].Outcome == CancelJobOutcome.Canceled)));
        var balance = await Store.Ledger.GetBalanceAsync("proj_a", CancellationToken);
        Assert.Equal(0, balance.HeldMicros);
        Assert.Equal((20 * hold) - (succeeded * 400), balance.BalanceMicros);
    }

    // ---- cancel ----

    [Fact]
    public async Task CancelJob_of_a_queued_job_cancels_it_and_a_second_cancel_is_already_terminal()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));

        var first = await sut.CancelJobAsync("proj_a", job.Id, Now, CancellationToken);
        var second = await sut.CancelJobAsync("proj_a", job.Id, Now, CancellationToken);

        Assert.Equal(CancelJobOutcome.Canceled, first.Outcome);
        Assert.Equal(CancelJobOutcome.AlreadyTerminal, second.Outcome);
        var stored = await sut.GetJobAsync("proj_a", job.Id, CancellationToken);
        Assert.Equal(VideoJobState.Canceled, stored?.State);
        Assert.Equal(Now, stored?.CompletedAt);
    }

    [Fact]
    public async Task CancelJob_of_an_unknown_or_foreign_job_is_not_found()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));

        var unknown = await sut.CancelJobAsync("proj_a", JobId.New(Store.Time), Now, CancellationToken);
        var foreign = await sut.CancelJobAsync("proj_b", job.Id, Now, CancellationToken);

        Assert.Equal(CancelJobOutcome.NotFound, unknown.Outcome);
        Assert.Equal(CancelJobOutcome.NotFound, foreign.Outcome);
        Assert.Equal(VideoJobState.Queued, (await sut.GetJobAsync("proj_a", job.Id, CancellationToken))?.State);
    }

    [Fact]
    public async Task CompleteSucceeded_after_a_cancel_returns_false_and_the_job_stays_canceled()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("node-1", 10);
        var cancel = await sut.CancelJobAsync("proj_a", job.Id, Now, CancellationToken);

        var completed = await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 250_000, Now, CancellationToken);
        var failed = await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "X", "y", false, Now, CancellationToken);
        var progressed = await Store.Dispatch.RecordProgressAsync(job.Id, "node-1", 0.5, null, Now, CancellationToken);

        Assert.Equal(CancelJobOutcome.Canceled, cancel.Outcome);
        Assert.False(completed);
        Assert.False(failed);
        Assert.False(progressed);
        var stored = await sut.GetJobAsync("proj_a", job.Id, CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(VideoJobState.Canceled, stored.State);
        Assert.Null(stored.Artifacts);
        Assert.Equal(0, stored.CostMicros);
    }

    [Fact]
    public async Task CancelJob_of_a_succeeded_job_is_already_terminal_and_keeps_it_succeeded()
    {
        var sut = Store.Jobs;
        var job = await CreateSucceededAsync(sut);

        var cancel = await sut.CancelJobAsync("proj_a", job.Id, Now, CancellationToken);

        Assert.Equal(CancelJobOutcome.AlreadyTerminal, cancel.Outcome);
        Assert.Equal(VideoJobState.Succeeded, (await sut.GetJobAsync("proj_a", job.Id, CancellationToken))?.State);
    }

    // ---- delete ----

    [Fact]
    public async Task DeleteJob_deletes_then_answers_already_deleted_and_hides_the_job()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));

        var first = await sut.DeleteJobAsync("proj_a", job.Id, Now, CancellationToken);
        var second = await sut.DeleteJobAsync("proj_a", job.Id, Now, CancellationToken);

        Assert.Equal(DeleteJobOutcome.Deleted, first.Outcome);
        Assert.Equal(job.Id, first.Job?.Id);
        Assert.Equal(DeleteJobOutcome.AlreadyDeleted, second.Outcome);
        Assert.Null(await sut.GetJobAsync("proj_a", job.Id, CancellationToken));
        Assert.Null(await sut.FindJobAsync(job.Id, CancellationToken));
        Assert.Empty(await sut.ListJobsAsync("proj_a", null, 100, CancellationToken));
    }

    [Fact]
    public async Task DeleteJob_of_an_unknown_or_foreign_job_is_not_found()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));

        var unknown = await sut.DeleteJobAsync("proj_a", JobId.New(Store.Time), Now, CancellationToken);
        var foreign = await sut.DeleteJobAsync("proj_b", job.Id, Now, CancellationToken);

        Assert.Equal(DeleteJobOutcome.NotFound, unknown.Outcome);
        Assert.Equal(DeleteJobOutcome.NotFound, foreign.Outcome);
        Assert.NotNull(await sut.GetJobAsync("proj_a", job.Id, CancellationToken));
    }

    [Fact]
    public async Task DeleteJob_of_a_running_job_stops_its_lease_holder()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("node-1", 10);

        await sut.DeleteJobAsync("proj_a", job.Id, Now, CancellationToken);
        var completed = await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 1, Now, CancellationToken);

        Assert.False(completed);
        Assert.Equal(1, await Store.ScalarAsync($"SELECT COUNT(*) FROM jobs WHERE id = '{job.Id}' AND state = 4 AND deleted_at IS NOT NULL", CancellationToken));
    }

    [Fact]
    public async Task DeleteAllJobs_deletes_only_the_given_projects_jobs()
    {
        var sut = Store.Jobs;
        var mine = await CreateJobsAsync(sut, 3, "proj_a");
        var theirs = await CreateJobsAsync(sut, 2, "proj_b");
        await sut.DeleteJobAsync("proj_a", mine[0].Id, Now, CancellationToken);

        var deleted = await sut.DeleteAllJobsAsync("proj_a", Now, CancellationToken);

        Assert.Equal(mine.Skip(1).Select(j => j.Id).Order(StringComparer.Ordinal), deleted.Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await sut.ListJobsAsync("proj_a", null, 100, CancellationToken));
        Assert.Equal(theirs.Select(j => j.Id).Reverse(), (await sut.ListJobsAsync("proj_b", null, 100, CancellationToken)).Select(j => j.Id));
    }

    // ---- retention ----

    [Fact]
    public async Task SetRetention_of_a_succeeded_job_counts_from_its_completion()
    {
        var sut = Store.Jobs;
        var job = await CreateSucceededAsync(sut);
        var completedAt = (await sut.GetJobAsync("proj_a", job.Id, CancellationToken))!.CompletedAt!.Value;
        Store.Time.Advance(TimeSpan.FromDays(3));

        var updated = await sut.SetRetentionAsync("proj_a", job.Id, 7, Now, CancellationToken);

        Assert.NotNull(updated);
        Assert.Equal(7, updated.RetentionDays);
        Assert.Equal(completedAt.AddDays(7), updated.ExpiresAt);
        Assert.Equal(completedAt.AddDays(7), (await sut.GetJobAsync("proj_a", job.Id, CancellationToken))?.ExpiresAt);
    }

    [Fact]
    public async Task SetRetention_of_a_queued_job_counts_from_now_and_is_recounted_at_completion()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        var setAt = Now;

        var updated = await sut.SetRetentionAsync("proj_a", job.Id, 2, setAt, CancellationToken);
        Store.Time.Advance(TimeSpan.FromHours(5));
        await Store.ClaimAsync("node-1", 1);
        await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 0, Now, CancellationToken);

        Assert.Equal(setAt.AddDays(2), updated?.ExpiresAt);
        Assert.Equal(Now.AddDays(2), (await sut.GetJobAsync("proj_a", job.Id, CancellationToken))?.ExpiresAt);
    }

    [Fact]
    public async Task SetRetention_of_an_unknown_or_foreign_job_is_null()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));

        var unknown = await sut.SetRetentionAsync("proj_a", JobId.New(Store.Time), 5, Now, CancellationToken);
        var foreign = await sut.SetRetentionAsync("proj_b", job.Id, 5, Now, CancellationToken);

        Assert.Null(unknown);
        Assert.Null(foreign);
        Assert.Equal(30, (await sut.GetJobAsync("proj_a", job.Id, CancellationToken))?.RetentionDays);
    }

    [Fact]
    public async Task SetRetention_of_an_expired_job_keeps_its_past_expiry()
    {
        var sut = Store.Jobs;
        var job = await CreateSucceededAsync(sut);
        var expiresAt = (await sut.GetJobAsync("proj_a", job.Id, CancellationToken))!.ExpiresAt;
        Store.Time.Advance(TimeSpan.FromDays(31));
        await Store.Retention.ExpireDueJobsAsync(Now, 10, CancellationToken);

        var updated = await sut.SetRetentionAsync("proj_a", job.Id, 90, Now, CancellationToken);

        Assert.Equal(VideoJobState.Expired, updated?.State);
        Assert.Equal(expiresAt, updated?.ExpiresAt);
    }

    // ---- idempotent responses ----

    [Fact]
    public async Task SaveIdempotentResponse_twice_keeps_the_first_answer()
    {
        var sut = Store.Jobs;
        var first = new IdempotentResponse("hash-1", 200, "{\"ok\":true}");
        var second = new IdempotentResponse("hash-2", 404, "{\"error\":{}}");

        var savedFirst = await sut.SaveIdempotentResponseAsync("proj_a", "delete", "key-1", first, Now, CancellationToken);
        var savedSecond = await sut.SaveIdempotentResponseAsync("proj_a", "delete", "key-1", second, Now, CancellationToken);
        var read = await sut.GetIdempotentResponseAsync("proj_a", "delete", "key-1", CancellationToken);

        Assert.Equal(first, savedFirst);
        Assert.Equal(first, savedSecond);
        Assert.Equal(first, read);
    }

    [Fact]
    public async Task GetIdempotentResponse_is_scoped_by_project_operation_and_key()
    {
        var sut = Store.Jobs;
        await sut.SaveIdempotentResponseAsync("proj_a", "delete", "key-1", new IdempotentResponse("h", 200, "{}"), Now, CancellationToken);

        var otherProject = await sut.GetIdempotentResponseAsync("proj_b", "delete", "key-1", CancellationToken);
        var otherOperation = await sut.GetIdempotentResponseAsync("proj_a", "set_retention", "key-1", CancellationToken);
        var otherKey = await sut.GetIdempotentResponseAsync("proj_a", "delete", "key-2", CancellationToken);

        Assert.Null(otherProject);
        Assert.Null(otherOperation);
        Assert.Null(otherKey);
    }
}

public sealed class SqliteJobStoreContract : JobStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => SqliteStoreHarness.CreateAsync();
}

public sealed class PostgresJobStoreContract : JobStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => PostgresStoreHarness.CreateAsync();
}
