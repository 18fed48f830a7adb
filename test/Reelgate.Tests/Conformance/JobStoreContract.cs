using Reelgate.Contracts.Video;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Conformance;

/// <summary>The job store's contract (<see cref="IJobStore"/>), run on every storage provider.</summary>
public abstract class JobStoreContract : StoreContract
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(1);

    private DateTimeOffset Now => Store.Time.GetUtcNow();

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
            Complete: Task.Run(async () => { gate.Wait(CancellationToken); return await Store.Jobs.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 400, Now, CancellationToken); }, CancellationToken))).ToList();
        gate.Set();
        var cancels = await Task.WhenAll(races.Select(r => r.Cancel));
        var completes = await Task.WhenAll(races.Select(r => r.Complete));

        var succeeded = completes.Count(c => c);
        Assert.All(Enumerable.Range(0, jobs.Count), i => Assert.True(completes[i] ^ (cancels[i].Outcome == CancelJobOutcome.Canceled)));
        var balance = await Store.Ledger.GetBalanceAsync("proj_a", CancellationToken);
        Assert.Equal(0, balance.HeldMicros);
        Assert.Equal((20 * hold) - (succeeded * 400), balance.BalanceMicros);
    }

    // ---- claims and node leases ----

    [Fact]
    public async Task ClaimJobs_leases_queued_jobs_oldest_first_as_running_with_the_owner()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 5);

        var claimed = await Store.ClaimAsync("node-1", 3);

        Assert.Equal(jobs.Take(3).Select(j => j.Id), claimed.Select(j => j.Id));
        Assert.All(claimed, j =>
        {
            Assert.Equal(VideoJobState.Running, j.State);
            Assert.Equal("node-1", j.LeaseOwner);
        });
        var stored = await sut.GetJobAsync("proj_a", jobs[0].Id, CancellationToken);
        Assert.Equal(VideoJobState.Running, stored?.State);
        Assert.Equal("node-1", stored?.LeaseOwner);
    }

    [Fact]
    public async Task ClaimJobs_by_an_owner_that_never_registered_claims_nothing()
    {
        var sut = Store.Jobs;
        await CreateJobsAsync(sut, 2);

        var claimed = await sut.ClaimJobsAsync(new ClaimRequest("stranger", 10, Now, []), CancellationToken);

        Assert.Empty(claimed);
        Assert.Equal(2, (await sut.ReadQueueAsync(CancellationToken)).Queued);
    }

    [Fact]
    public async Task ClaimJobs_never_hands_a_live_nodes_job_to_another_owner()
    {
        var sut = Store.Jobs;
        await CreateJobsAsync(sut, 2);
        await Store.ClaimAsync("node-1", 10);

        Store.Time.Advance(LeaseTtl - TimeSpan.FromSeconds(1));
        var beat = await sut.HeartbeatAsync("node-2", Now, Now + LeaseTtl, CancellationToken);
        var claimed = await Store.ClaimAsync("node-2", 10);

        Assert.Equal(0, beat.Reaped);
        Assert.Empty(claimed);
    }

    [Fact]
    public async Task Heartbeat_hands_the_jobs_of_a_node_whose_lease_expired_to_the_next_claim()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("node-1", 10);
        Assert.True(await sut.RecordAttemptAsync(job.Id, "node-1", 0, null, Now, CancellationToken));
        Assert.True(await sut.RecordAttemptAsync(job.Id, "node-1", 0, "vendor-job-1", Now, CancellationToken));

        Store.Time.Advance(LeaseTtl + TimeSpan.FromSeconds(1));
        await sut.RegisterDispatcherAsync("node-2", Now, Now + LeaseTtl, takeOverOthers: false, CancellationToken);
        var beat = await sut.HeartbeatAsync("node-2", Now, Now + LeaseTtl, CancellationToken);
        var reclaimed = Assert.Single(await Store.ClaimAsync("node-2", 10));

        Assert.Equal(1, beat.Reaped);
        Assert.Equal(job.Id, reclaimed.Id);
        Assert.Equal("node-2", reclaimed.LeaseOwner);
        Assert.Equal("vendor-job-1", reclaimed.VendorJobId);
        Assert.Equal(1, reclaimed.Attempts);
        Assert.False(await sut.RecordProgressAsync(job.Id, "node-1", 0.5, null, Now, CancellationToken));
    }

    [Fact]
    public async Task Heartbeat_keeps_the_node_lease_alive_and_lists_the_jobs_it_still_runs()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 3);
        await Store.ClaimAsync("node-1", 10);
        await sut.CancelJobAsync("proj_a", jobs[0].Id, Now, CancellationToken);
        await sut.DeleteJobAsync("proj_a", jobs[1].Id, Now, CancellationToken);

        Store.Time.Advance(LeaseTtl * 0.75);
        var first = await sut.HeartbeatAsync("node-1", Now, Now + LeaseTtl, CancellationToken);
        Store.Time.Advance(LeaseTtl * 0.75);
        var second = await sut.HeartbeatAsync("node-1", Now, Now + LeaseTtl, CancellationToken);
        await sut.HeartbeatAsync("node-2", Now, Now + LeaseTtl, CancellationToken);
        var claimedByOther = await Store.ClaimAsync("node-2", 10);

        Assert.False(first.LeaseWasLost);
        Assert.False(second.LeaseWasLost);
        Assert.Equal([jobs[2].Id], first.OwnedJobIds);
        Assert.Equal([jobs[2].Id], second.OwnedJobIds);
        Assert.Empty(claimedByOther);
    }

    [Fact]
    public async Task Heartbeat_after_the_lease_expired_reports_it_lost_and_hands_the_nodes_jobs_back()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("node-1", 10);

        Store.Time.Advance(LeaseTtl + TimeSpan.FromSeconds(1));
        var beat = await sut.HeartbeatAsync("node-1", Now, Now + LeaseTtl, CancellationToken);
        var stored = await sut.FindJobAsync(job.Id, CancellationToken);
        var reclaimed = await sut.ClaimJobsAsync(new ClaimRequest("node-1", 10, Now, []), CancellationToken);

        Assert.True(beat.LeaseWasLost);
        Assert.Empty(beat.OwnedJobIds);
        Assert.Equal(1, beat.Reaped);
        Assert.Equal(VideoJobState.Running, stored?.State);
        Assert.Null(stored?.LeaseOwner);
        Assert.Equal(job.Id, Assert.Single(reclaimed).Id);
    }

    [Fact]
    public async Task ClaimJobs_from_two_owners_in_parallel_claims_every_job_exactly_once()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 30);
        var now = Now;
        foreach (var owner in new[] { "node-1", "node-2" })
        {
            await sut.RegisterDispatcherAsync(owner, now, now + LeaseTtl, takeOverOthers: false, CancellationToken);
        }

        using var gate = new ManualResetEventSlim();

        var tasks = new[] { "node-1", "node-2" }
            .SelectMany(owner => Enumerable.Range(0, 10).Select(_ => (owner, task: Task.Run(
                async () =>
                {
                    gate.Wait(CancellationToken);
                    return await sut.ClaimJobsAsync(new ClaimRequest(owner, 3, now, []), CancellationToken);
                },
                CancellationToken))))
            .ToList();
        gate.Set();
        await Task.WhenAll(tasks.Select(t => t.task));

        var claims = new List<(string Owner, Job Job)>();
        foreach (var (owner, task) in tasks)
        {
            claims.AddRange((await task).Select(job => (owner, job)));
        }

        Assert.Equal(30, claims.Count);
        Assert.Equal(jobs.Select(j => j.Id).Order(StringComparer.Ordinal), claims.Select(c => c.Job.Id).Order(StringComparer.Ordinal));
        Assert.All(claims, c => Assert.Equal(c.Owner, c.Job.LeaseOwner));
        foreach (var (owner, job) in claims)
        {
            var stored = await sut.GetJobAsync("proj_a", job.Id, CancellationToken);
            Assert.Equal(owner, stored?.LeaseOwner);
        }
    }

    [Fact]
    public async Task ClaimJobs_skips_terminal_and_deleted_jobs()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 3);
        await sut.CancelJobAsync("proj_a", jobs[0].Id, Now, CancellationToken);
        await sut.DeleteJobAsync("proj_a", jobs[1].Id, Now, CancellationToken);

        var claimed = await Store.ClaimAsync("node-1", 10);

        Assert.Equal([jobs[2].Id], claimed.Select(j => j.Id));
    }

    [Fact]
    public async Task ReadQueue_counts_the_jobs_waiting_per_project_and_dates_the_oldest()
    {
        var sut = Store.Jobs;
        Assert.Equal(0, (await sut.ReadQueueAsync(CancellationToken)).Queued);
        Assert.Null((await sut.ReadQueueAsync(CancellationToken)).OldestQueuedAt);
        var jobs = await CreateJobsAsync(sut, 4);
        var other = Assert.Single(await CreateJobsAsync(sut, 1, projectId: "proj_b"));
        await sut.CancelJobAsync("proj_a", jobs[1].Id, Now, CancellationToken);
        await sut.DeleteJobAsync("proj_a", jobs[2].Id, Now, CancellationToken);
        Assert.Equal(jobs[0].Id, Assert.Single(await Store.ClaimAsync("node-1", 1)).Id);

        var queue = await sut.ReadQueueAsync(CancellationToken);

        // Waiting: jobs[3] and the other project's job; not the running, canceled or deleted ones.
        Assert.Equal(2, queue.Queued);
        Assert.Equal(jobs[3].CreatedAt.ToUnixTimeMilliseconds(), queue.OldestQueuedAt?.ToUnixTimeMilliseconds());
        Assert.True(other.CreatedAt > jobs[3].CreatedAt);
        var perProject = queue.Projects.OrderBy(p => p.ProjectId, StringComparer.Ordinal).ToList();
        Assert.Equal(["proj_a", "proj_b"], perProject.Select(p => p.ProjectId));
        Assert.Equal([1L, 1L], perProject.Select(p => p.Queued));
        Assert.Equal(other.CreatedAt.ToUnixTimeMilliseconds(), perProject[1].OldestQueuedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task RegisterDispatcher_taking_over_hands_every_other_owners_running_job_back()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("old-process", 10);

        var taken = await sut.RegisterDispatcherAsync("new-process", Now, Now + LeaseTtl, takeOverOthers: true, CancellationToken);
        var claimed = await Store.ClaimAsync("new-process", 10);
        var oldBeat = await sut.HeartbeatAsync("old-process", Now, Now + LeaseTtl, CancellationToken);

        Assert.Equal(1, taken);
        Assert.Equal(job.Id, Assert.Single(claimed).Id);
        Assert.True(oldBeat.LeaseWasLost);
    }

    [Fact]
    public async Task RegisterDispatcher_without_taking_over_leaves_the_callers_and_others_jobs()
    {
        var sut = Store.Jobs;
        await CreateJobsAsync(sut, 1);
        await Store.ClaimAsync("node-1", 10);

        var takenBySelf = await sut.RegisterDispatcherAsync("node-1", Now, Now + LeaseTtl, takeOverOthers: true, CancellationToken);
        var takenByOther = await sut.RegisterDispatcherAsync("node-2", Now, Now + LeaseTtl, takeOverOthers: false, CancellationToken);
        var claimed = await Store.ClaimAsync("node-2", 10);

        Assert.Equal(0, takenBySelf);
        Assert.Equal(0, takenByOther);
        Assert.Empty(claimed);
    }

    [Fact]
    public async Task RetireDispatcher_hands_every_job_of_the_node_back_at_once()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 3);
        await Store.ClaimAsync("node-1", 10, Deployment("local", 10));
        Assert.True(await sut.RecordAttemptAsync(jobs[0].Id, "node-1", 0, "vendor-job-1", Now, CancellationToken));

        var handedBack = await sut.RetireDispatcherAsync("node-1", Now, CancellationToken);
        var byRetired = await sut.ClaimJobsAsync(new ClaimRequest("node-1", 10, Now, []), CancellationToken);
        var claimed = await Store.ClaimAsync("node-2", 10, Deployment("local", 3));

        Assert.Equal(3, handedBack);
        Assert.Empty(byRetired);
        Assert.Equal(jobs.Select(j => j.Id), claimed.Select(j => j.Id));
        Assert.Equal("vendor-job-1", claimed[0].VendorJobId);

        // The vendor kept working on them: they kept their slots, so the limit of 3 let all 3 back in.
        Assert.Equal(3, SlotsInUse(await sut.ReadQueueAsync(CancellationToken), "local"));
    }

    // ---- vendor capacity ----

    [Fact]
    public async Task ClaimJobs_starts_no_more_jobs_of_a_vendor_than_its_limit_across_every_node()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 5);

        var first = await Store.ClaimAsync("node-1", 10, Deployment("local", 2));
        var second = await Store.ClaimAsync("node-2", 10, Deployment("local", 2));
        Assert.True(await sut.CompleteFailedAsync(first[0].Id, "node-1", "VENDOR_INTERNAL", "boom", keepHold: false, Now, CancellationToken));
        var third = await Store.ClaimAsync("node-2", 10, Deployment("local", 2));

        Assert.Equal(jobs.Take(2).Select(j => j.Id), first.Select(j => j.Id));
        Assert.Empty(second);
        Assert.Equal(jobs[2].Id, Assert.Single(third).Id);
        var queue = await sut.ReadQueueAsync(CancellationToken);
        Assert.Equal(2, SlotsInUse(queue, "local"));
        Assert.Equal(2, queue.Queued);
    }

    [Fact]
    public async Task ClaimJobs_of_a_saturated_vendor_still_claims_the_jobs_of_other_vendors()
    {
        var sut = Store.Jobs;
        var onLocal = await CreateJobsAsync(sut, 4);
        var onBeta = await CreateJobsAsync(sut, 3, plan: [new ModelRef("beta", "b1")]);

        var claimed = await Store.ClaimAsync("node-1", 4, Deployment("local", 1), Deployment("beta", 10));

        Assert.Equal([onLocal[0].Id, .. onBeta.Select(j => j.Id)], claimed.Select(j => j.Id));
    }

    [Fact]
    public async Task ClaimJobs_of_a_node_scoped_vendor_records_no_slot()
    {
        var sut = Store.Jobs;
        await CreateJobsAsync(sut, 3);

        var claimed = await Store.ClaimAsync("node-1", 10, new VendorCapacity("local", 2, ConcurrencyScope.Node));
        var byOther = await Store.ClaimAsync("node-2", 10, new VendorCapacity("local", 1, ConcurrencyScope.Node));

        Assert.Equal(2, claimed.Count);
        Assert.Single(byOther);
        Assert.Equal(0, SlotsInUse(await sut.ReadQueueAsync(CancellationToken), "local"));
    }

    [Fact]
    public async Task ClaimJobs_skips_a_paused_vendor_until_its_pause_ends_and_heartbeats_report_the_pause()
    {
        var sut = Store.Jobs;
        await CreateJobsAsync(sut, 2);
        var until = Now + TimeSpan.FromSeconds(30);

        await sut.PauseVendorAsync("local", until, CancellationToken);
        await sut.PauseVendorAsync("local", Now + TimeSpan.FromSeconds(5), CancellationToken);
        var whilePaused = await Store.ClaimAsync("node-1", 10);
        var whilePausedWithRoom = await Store.ClaimAsync("node-1", 10, Deployment("local", 10));
        var beat = await sut.HeartbeatAsync("node-1", Now, Now + LeaseTtl, CancellationToken);
        Store.Time.Advance(TimeSpan.FromSeconds(31));
        var after = await Store.ClaimAsync("node-1", 10);

        Assert.Empty(whilePaused);
        Assert.Empty(whilePausedWithRoom);
        Assert.Equal(until.ToUnixTimeMilliseconds(), beat.VendorPauses["local"].ToUnixTimeMilliseconds());
        Assert.Equal(2, after.Count);
    }

    [Fact]
    public async Task Ending_a_job_in_any_way_frees_its_vendor_slot()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 4);
        await Store.ClaimAsync("node-1", 10, Deployment("local", 10));
        Assert.Equal(4, SlotsInUse(await sut.ReadQueueAsync(CancellationToken), "local"));

        Assert.True(await sut.CompleteSucceededAsync(jobs[0].Id, "node-1", TestJobs.Artifacts(jobs[0]), 1, Now, CancellationToken));
        Assert.True(await sut.CompleteFailedAsync(jobs[1].Id, "node-1", "VENDOR_OUTCOME_UNKNOWN", "?", keepHold: true, Now, CancellationToken));
        Assert.Equal(CancelJobOutcome.Canceled, (await sut.CancelJobAsync("proj_a", jobs[2].Id, Now, CancellationToken)).Outcome);
        Assert.Equal(DeleteJobOutcome.Deleted, (await sut.DeleteJobAsync("proj_a", jobs[3].Id, Now, CancellationToken)).Outcome);

        Assert.Equal(0, SlotsInUse(await sut.ReadQueueAsync(CancellationToken), "local"));
    }

    [Fact]
    public async Task MoveToModel_frees_the_slot_and_the_owner_and_a_claim_with_room_on_the_new_vendor_runs_it()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("node-1", 10, Deployment("local", 1), Deployment("beta", 0));
        Assert.True(await sut.RecordAttemptAsync(job.Id, "node-1", 0, "vendor-job-1", Now, CancellationToken));

        var byStranger = await sut.MoveToModelAsync(job.Id, "node-2", 1, Now, CancellationToken);
        var beforeThePlan = await sut.MoveToModelAsync(job.Id, "node-1", -1, Now, CancellationToken);
        var pastThePlan = await sut.MoveToModelAsync(job.Id, "node-1", 2, Now, CancellationToken);
        var moved = await sut.MoveToModelAsync(job.Id, "node-1", 1, Now, CancellationToken);
        var stored = await sut.FindJobAsync(job.Id, CancellationToken);
        var withoutRoom = await Store.ClaimAsync("node-2", 10, Deployment("local", 1), Deployment("beta", 0));
        var withRoom = await Store.ClaimAsync("node-2", 10, Deployment("local", 1), Deployment("beta", 1));

        Assert.False(byStranger);
        Assert.False(beforeThePlan);
        Assert.False(pastThePlan);
        Assert.True(moved);
        Assert.Equal(VideoJobState.Running, stored?.State);
        Assert.Null(stored?.LeaseOwner);
        Assert.Equal(new ModelRef("beta", "b1"), stored?.CurrentModel);
        Assert.Null(stored?.VendorJobId);
        Assert.Empty(withoutRoom);
        var claimed = Assert.Single(withRoom);
        Assert.Equal("node-2", claimed.LeaseOwner);
        Assert.Equal(1, claimed.PlanIndex);
        var queue = await sut.ReadQueueAsync(CancellationToken);
        Assert.Equal(0, SlotsInUse(queue, "local"));
        Assert.Equal(1, SlotsInUse(queue, "beta"));
    }

    // ---- fairness ----

    [Fact]
    public async Task ClaimJobs_gives_every_waiting_project_its_turn_before_any_project_a_second_job()
    {
        var sut = Store.Jobs;
        var a = await CreateJobsAsync(sut, 5, projectId: "proj_a");
        var b = await CreateJobsAsync(sut, 2, projectId: "proj_b");
        var c = await CreateJobsAsync(sut, 1, projectId: "proj_c");

        var claimed = await Store.ClaimAsync("node-1", 5);

        Assert.Equal([a[0].Id, a[1].Id, b[0].Id, b[1].Id, c[0].Id], claimed.Select(j => j.Id));
        var order = await sut.ClaimJobsAsync(new ClaimRequest("node-1", 3, Now, []), CancellationToken);
        Assert.Equal([a[2].Id, a[3].Id, a[4].Id], order.Select(j => j.Id));
    }

    [Fact]
    public async Task ClaimJobs_puts_a_single_job_of_an_idle_project_ahead_of_a_busy_projects_older_backlog()
    {
        var sut = Store.Jobs;
        var burst = await CreateJobsAsync(sut, 6, projectId: "proj_a");
        Assert.Equal(2, (await Store.ClaimAsync("node-1", 2, Deployment("local", 2))).Count);
        var single = Assert.Single(await CreateJobsAsync(sut, 1, projectId: "proj_b"));

        // One slot frees: the busy project's oldest waiting job is older, but the idle project goes first.
        Assert.True(await sut.CompleteFailedAsync(burst[0].Id, "node-1", "VENDOR_INTERNAL", "boom", keepHold: false, Now, CancellationToken));
        var next = await Store.ClaimAsync("node-1", 10, Deployment("local", 2));

        Assert.Equal(single.Id, Assert.Single(next).Id);
    }

    [Fact]
    public async Task GetJob_of_a_queued_job_shows_its_place_in_its_projects_queue()
    {
        var sut = Store.Jobs;
        var a = await CreateJobsAsync(sut, 4, projectId: "proj_a");
        var b = Assert.Single(await CreateJobsAsync(sut, 1, projectId: "proj_b"));
        await sut.CancelJobAsync("proj_a", a[1].Id, Now, CancellationToken);
        Assert.Equal(a[0].Id, (await Store.ClaimAsync("node-1", 1)).Single().Id);

        var places = new List<int?>();
        foreach (var job in a.Skip(2))
        {
            places.Add((await sut.GetJobAsync("proj_a", job.Id, CancellationToken))?.QueuePosition);
        }

        Assert.Equal([1, 2], places);
        Assert.Equal(1, (await sut.GetJobAsync("proj_b", b.Id, CancellationToken))?.QueuePosition);
        Assert.Null((await sut.GetJobAsync("proj_a", a[0].Id, CancellationToken))?.QueuePosition);
    }

    [Fact]
    public async Task RecordAttempt_and_RecordProgress_work_only_for_the_lease_owner()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("node-1", 10);

        var strangerAttempt = await sut.RecordAttemptAsync(job.Id, "node-2", 1, "vendor-x", Now, CancellationToken);
        var strangerProgress = await sut.RecordProgressAsync(job.Id, "node-2", 0.9, null, Now, CancellationToken);
        var ownerAttempt = await sut.RecordAttemptAsync(job.Id, "node-1", 1, null, Now, CancellationToken);
        var ownerSubmitted = await sut.RecordAttemptAsync(job.Id, "node-1", 1, "vendor-job-7", Now, CancellationToken);
        var ownerProgress = await sut.RecordProgressAsync(job.Id, "node-1", 0.4, null, Now, CancellationToken);

        Assert.False(strangerAttempt);
        Assert.False(strangerProgress);
        Assert.True(ownerAttempt);
        Assert.True(ownerSubmitted);
        Assert.True(ownerProgress);
        var stored = await sut.GetJobAsync("proj_a", job.Id, CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.PlanIndex);
        Assert.Equal("vendor-job-7", stored.VendorJobId);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal(0.4, stored.Progress);
    }

    [Fact]
    public async Task CompleteSucceeded_works_only_for_the_lease_owner_and_stores_the_artifacts()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("node-1", 10);
        Store.Time.Advance(TimeSpan.FromSeconds(30));

        var byStranger = await sut.CompleteSucceededAsync(job.Id, "node-2", TestJobs.Artifacts(job), 250_000, Now, CancellationToken);
        var byOwner = await sut.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 250_000, Now, CancellationToken);
        var again = await sut.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 999_999, Now, CancellationToken);

        Assert.False(byStranger);
        Assert.True(byOwner);
        Assert.False(again);
        var stored = await sut.GetJobAsync("proj_a", job.Id, CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(VideoJobState.Succeeded, stored.State);
        Assert.Equal(TestJobs.Artifacts(job), stored.Artifacts);
        Assert.Equal(250_000, stored.CostMicros);
        Assert.Equal(1.0, stored.Progress);
        Assert.Equal(Now, stored.CompletedAt);
        Assert.Equal(Now.AddDays(job.RetentionDays), stored.ExpiresAt);
        Assert.Null(stored.LeaseOwner);
    }

    [Fact]
    public async Task CompleteFailed_works_only_for_the_lease_owner_and_stores_the_error()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("node-1", 10);

        var byStranger = await sut.CompleteFailedAsync(job.Id, "node-2", "VENDOR_ERROR", "boom", false, Now, CancellationToken);
        var byOwner = await sut.CompleteFailedAsync(job.Id, "node-1", "VENDOR_ERROR", "boom", false, Now, CancellationToken);

        Assert.False(byStranger);
        Assert.True(byOwner);
        var stored = await sut.GetJobAsync("proj_a", job.Id, CancellationToken);
        Assert.Equal(VideoJobState.Failed, stored?.State);
        Assert.Equal("VENDOR_ERROR", stored?.ErrorCode);
        Assert.Equal("boom", stored?.ErrorMessage);
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

        var completed = await sut.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 250_000, Now, CancellationToken);
        var failed = await sut.CompleteFailedAsync(job.Id, "node-1", "X", "y", false, Now, CancellationToken);
        var progressed = await sut.RecordProgressAsync(job.Id, "node-1", 0.5, null, Now, CancellationToken);

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
        var completed = await sut.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 1, Now, CancellationToken);

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
        await sut.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 0, Now, CancellationToken);

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
    public async Task ExpireDueJobs_expires_only_succeeded_jobs_whose_window_passed()
    {
        var sut = Store.Jobs;
        var shortLived = TestJobs.Queued(Store.Time, retentionDays: 1);
        var longLived = TestJobs.Queued(Store.Time, retentionDays: 10);
        var failing = TestJobs.Queued(Store.Time, retentionDays: 1);
        var waiting = TestJobs.Queued(Store.Time, retentionDays: 1);
        foreach (var job in new[] { shortLived, longLived, failing })
        {
            await sut.CreateJobAsync(job, null, CancellationToken);
        }

        await Store.ClaimAsync("node-1", 10);
        await sut.CompleteSucceededAsync(shortLived.Id, "node-1", TestJobs.Artifacts(shortLived), 0, Now, CancellationToken);
        await sut.CompleteSucceededAsync(longLived.Id, "node-1", TestJobs.Artifacts(longLived), 0, Now, CancellationToken);
        await sut.CompleteFailedAsync(failing.Id, "node-1", "X", "y", false, Now, CancellationToken);
        await sut.CreateJobAsync(waiting, null, CancellationToken);
        await sut.SetRetentionAsync("proj_a", waiting.Id, 1, Now, CancellationToken);

        Store.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMilliseconds(1));
        var early = await sut.ExpireDueJobsAsync(Now, 100, CancellationToken);
        Store.Time.Advance(TimeSpan.FromDays(1));
        var due = await sut.ExpireDueJobsAsync(Now, 100, CancellationToken);
        var again = await sut.ExpireDueJobsAsync(Now, 100, CancellationToken);

        Assert.Empty(early);
        Assert.Equal(shortLived.Id, Assert.Single(due).Id);
        Assert.Equal(VideoJobState.Expired, Assert.Single(due).State);
        Assert.Empty(again);
        Assert.Equal(VideoJobState.Expired, (await sut.GetJobAsync("proj_a", shortLived.Id, CancellationToken))?.State);
        Assert.Equal(VideoJobState.Succeeded, (await sut.GetJobAsync("proj_a", longLived.Id, CancellationToken))?.State);
        Assert.Equal(VideoJobState.Failed, (await sut.GetJobAsync("proj_a", failing.Id, CancellationToken))?.State);
        Assert.Equal(VideoJobState.Queued, (await sut.GetJobAsync("proj_a", waiting.Id, CancellationToken))?.State);
    }

    [Fact]
    public async Task ExpireDueJobs_from_four_instances_at_once_expires_each_job_exactly_once()
    {
        var jobs = new List<Job>();
        for (var i = 0; i < 40; i++)
        {
            var job = TestJobs.Queued(Store.Time, retentionDays: 1);
            await Store.Jobs.CreateJobAsync(job, null, CancellationToken);
            jobs.Add(job);
        }

        await Store.ClaimAsync("node-1", 100);
        foreach (var job in jobs)
        {
            await Store.Jobs.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 0, Now, CancellationToken);
        }

        Store.Time.Advance(TimeSpan.FromDays(2));
        var sweepers = Enumerable.Range(0, 4).Select(_ => Store.OpenInstance().Jobs).ToList();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each sweeper deletes the files of what it expired, so a job expired twice would be swept twice.
        var sweeps = sweepers.Select(sweeper => Task.Run(
            async () =>
            {
                await gate.Task;
                var mine = new List<string>();
                IReadOnlyList<Job> batch;
                do
                {
                    batch = await sweeper.ExpireDueJobsAsync(Now, 5, CancellationToken);
                    mine.AddRange(batch.Select(j => j.Id));
                }
                while (batch.Count > 0);
                return mine;
            },
            CancellationToken)).ToList();
        gate.SetResult();
        var expired = (await Task.WhenAll(sweeps)).SelectMany(ids => ids).ToList();

        Assert.Equal(jobs.Select(j => j.Id).Order(StringComparer.Ordinal), expired.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExpireDueJobs_skips_deleted_jobs_and_honours_the_batch_size()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 4, retentionDays: 1);
        await Store.ClaimAsync("node-1", 10);
        foreach (var job in jobs)
        {
            await sut.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 0, Now, CancellationToken);
        }

        await sut.DeleteJobAsync("proj_a", jobs[0].Id, Now, CancellationToken);
        Store.Time.Advance(TimeSpan.FromDays(2));

        var firstBatch = await sut.ExpireDueJobsAsync(Now, 2, CancellationToken);
        var secondBatch = await sut.ExpireDueJobsAsync(Now, 2, CancellationToken);

        Assert.Equal(2, firstBatch.Count);
        Assert.Single(secondBatch);
        Assert.DoesNotContain(jobs[0].Id, firstBatch.Concat(secondBatch).Select(j => j.Id));
    }

    [Fact]
    public async Task SetRetention_of_an_expired_job_keeps_its_past_expiry()
    {
        var sut = Store.Jobs;
        var job = await CreateSucceededAsync(sut);
        var expiresAt = (await sut.GetJobAsync("proj_a", job.Id, CancellationToken))!.ExpiresAt;
        Store.Time.Advance(TimeSpan.FromDays(31));
        await sut.ExpireDueJobsAsync(Now, 10, CancellationToken);

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

    private static VendorCapacity Deployment(string vendor, int limit) => new(vendor, limit, ConcurrencyScope.Deployment);

    private static long SlotsInUse(JobQueue queue, string vendor) => queue.Vendors.SingleOrDefault(v => v.Vendor == vendor)?.InUse ?? 0;

    private async Task<List<Job>> CreateJobsAsync(IJobStore sut, int count, string projectId = "proj_a", int retentionDays = 30, IReadOnlyList<ModelRef>? plan = null)
    {
        var jobs = new List<Job>();
        for (var i = 0; i < count; i++)
        {
            var job = TestJobs.Queued(Store.Time, projectId, retentionDays: retentionDays);
            job = plan is null ? job : job with { Plan = plan };
            await sut.CreateJobAsync(job, null, CancellationToken);
            jobs.Add(job);
            Store.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return jobs;
    }

    private async Task<Job> CreateSucceededAsync(IJobStore sut)
    {
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        Assert.Single(await Store.ClaimAsync("node-1", 1));
        Assert.True(await sut.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 100_000, Now, CancellationToken));
        return job;
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
