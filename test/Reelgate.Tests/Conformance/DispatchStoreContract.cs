using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Reelgate.Contracts.Video;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Conformance;

/// <summary>The dispatcher's side of the job store (<see cref="IDispatchStore"/>): node leases, claims, capacity, fairness, attempts and completions, on every provider.</summary>
public abstract class DispatchStoreContract : JobContractBase
{
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
    public async Task ClaimJobs_with_nothing_waiting_answers_without_a_write_transaction()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 2);
        Assert.Equal(2, (await Store.ClaimAsync("node-1", 10)).Count);
        using var writes = new MetricCollector<long>(Store.Primary.Services.GetRequiredService<IMeterFactory>(), ReelgateMetrics.MeterName, "reelgate.db.writes");

        var nothing = await Store.Dispatch.ClaimJobsAsync(new ClaimRequest("node-1", 10, Now, []), CancellationToken);
        var writesWhileIdle = writes.GetMeasurementSnapshot().Count;
        Assert.True(await Store.Dispatch.RetireDispatcherAsync("node-1", Now, CancellationToken) > 0);
        await Store.Dispatch.RegisterDispatcherAsync("node-2", Now, Now + LeaseTtl, takeOverOthers: false, CancellationToken);
        writes.Clear();
        var handedBack = await Store.Dispatch.ClaimJobsAsync(new ClaimRequest("node-2", 10, Now, []), CancellationToken);

        Assert.Empty(nothing);
        Assert.Equal(0, writesWhileIdle);
        Assert.Equal(jobs.Select(j => j.Id), handedBack.Select(j => j.Id));
        Assert.Single(writes.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task ClaimJobs_by_an_owner_that_never_registered_claims_nothing()
    {
        var sut = Store.Jobs;
        await CreateJobsAsync(sut, 2);

        var claimed = await Store.Dispatch.ClaimJobsAsync(new ClaimRequest("stranger", 10, Now, []), CancellationToken);

        Assert.Empty(claimed);
        Assert.Equal(2, (await Store.Dispatch.ReadQueueAsync(CancellationToken)).Queued);
    }

    [Fact]
    public async Task ClaimJobs_never_hands_a_live_nodes_job_to_another_owner()
    {
        var sut = Store.Jobs;
        await CreateJobsAsync(sut, 2);
        await Store.ClaimAsync("node-1", 10);

        Store.Time.Advance(LeaseTtl - TimeSpan.FromSeconds(1));
        var beat = await Store.Dispatch.HeartbeatAsync("node-2", Now, Now + LeaseTtl, CancellationToken);
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
        Assert.True(await Store.Dispatch.RecordAttemptAsync(job.Id, "node-1", 0, null, Now, CancellationToken));
        Assert.True(await Store.Dispatch.RecordAttemptAsync(job.Id, "node-1", 0, "vendor-job-1", Now, CancellationToken));

        Store.Time.Advance(LeaseTtl + TimeSpan.FromSeconds(1));
        await Store.Dispatch.RegisterDispatcherAsync("node-2", Now, Now + LeaseTtl, takeOverOthers: false, CancellationToken);
        var beat = await Store.Dispatch.HeartbeatAsync("node-2", Now, Now + LeaseTtl, CancellationToken);
        var reclaimed = Assert.Single(await Store.ClaimAsync("node-2", 10));

        Assert.Equal(1, beat.Reaped);
        Assert.Equal(job.Id, reclaimed.Id);
        Assert.Equal("node-2", reclaimed.LeaseOwner);
        Assert.Equal("vendor-job-1", reclaimed.VendorJobId);
        Assert.Equal(1, reclaimed.Attempts);
        Assert.False(await Store.Dispatch.RecordProgressAsync(job.Id, "node-1", 0.5, null, Now, CancellationToken));
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
        var first = await Store.Dispatch.HeartbeatAsync("node-1", Now, Now + LeaseTtl, CancellationToken);
        Store.Time.Advance(LeaseTtl * 0.75);
        var second = await Store.Dispatch.HeartbeatAsync("node-1", Now, Now + LeaseTtl, CancellationToken);
        await Store.Dispatch.HeartbeatAsync("node-2", Now, Now + LeaseTtl, CancellationToken);
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
        var beat = await Store.Dispatch.HeartbeatAsync("node-1", Now, Now + LeaseTtl, CancellationToken);
        var stored = await sut.FindJobAsync(job.Id, CancellationToken);
        var reclaimed = await Store.Dispatch.ClaimJobsAsync(new ClaimRequest("node-1", 10, Now, []), CancellationToken);

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
            await Store.Dispatch.RegisterDispatcherAsync(owner, now, now + LeaseTtl, takeOverOthers: false, CancellationToken);
        }

        using var gate = new ManualResetEventSlim();

        var tasks = new[] { "node-1", "node-2" }
            .SelectMany(owner => Enumerable.Range(0, 10).Select(_ => (owner, task: Task.Run(
                async () =>
                {
                    gate.Wait(CancellationToken);
                    return await Store.Dispatch.ClaimJobsAsync(new ClaimRequest(owner, 3, now, []), CancellationToken);
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
        Assert.Equal(0, (await Store.Dispatch.ReadQueueAsync(CancellationToken)).Queued);
        Assert.Null((await Store.Dispatch.ReadQueueAsync(CancellationToken)).OldestQueuedAt);
        var jobs = await CreateJobsAsync(sut, 4);
        var other = Assert.Single(await CreateJobsAsync(sut, 1, projectId: "proj_b"));
        await sut.CancelJobAsync("proj_a", jobs[1].Id, Now, CancellationToken);
        await sut.DeleteJobAsync("proj_a", jobs[2].Id, Now, CancellationToken);
        Assert.Equal(jobs[0].Id, Assert.Single(await Store.ClaimAsync("node-1", 1)).Id);

        var queue = await Store.Dispatch.ReadQueueAsync(CancellationToken);

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

        var taken = await Store.Dispatch.RegisterDispatcherAsync("new-process", Now, Now + LeaseTtl, takeOverOthers: true, CancellationToken);
        var claimed = await Store.ClaimAsync("new-process", 10);
        var oldBeat = await Store.Dispatch.HeartbeatAsync("old-process", Now, Now + LeaseTtl, CancellationToken);

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

        var takenBySelf = await Store.Dispatch.RegisterDispatcherAsync("node-1", Now, Now + LeaseTtl, takeOverOthers: true, CancellationToken);
        var takenByOther = await Store.Dispatch.RegisterDispatcherAsync("node-2", Now, Now + LeaseTtl, takeOverOthers: false, CancellationToken);
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
        Assert.True(await Store.Dispatch.RecordAttemptAsync(jobs[0].Id, "node-1", 0, "vendor-job-1", Now, CancellationToken));

        var handedBack = await Store.Dispatch.RetireDispatcherAsync("node-1", Now, CancellationToken);
        var byRetired = await Store.Dispatch.ClaimJobsAsync(new ClaimRequest("node-1", 10, Now, []), CancellationToken);
        var claimed = await Store.ClaimAsync("node-2", 10, Deployment("local", 3));

        Assert.Equal(3, handedBack);
        Assert.Empty(byRetired);
        Assert.Equal(jobs.Select(j => j.Id), claimed.Select(j => j.Id));
        Assert.Equal("vendor-job-1", claimed[0].VendorJobId);

        // The vendor kept working on them: they kept their slots, so the limit of 3 let all 3 back in.
        Assert.Equal(3, SlotsInUse(await Store.Dispatch.ReadQueueAsync(CancellationToken), "local"));
    }

    // ---- vendor capacity ----

    [Fact]
    public async Task ClaimJobs_starts_no_more_jobs_of_a_vendor_than_its_limit_across_every_node()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 5);

        var first = await Store.ClaimAsync("node-1", 10, Deployment("local", 2));
        var second = await Store.ClaimAsync("node-2", 10, Deployment("local", 2));
        Assert.True(await Store.Dispatch.CompleteFailedAsync(first[0].Id, "node-1", "VENDOR_INTERNAL", "boom", keepHold: false, Now, CancellationToken));
        var third = await Store.ClaimAsync("node-2", 10, Deployment("local", 2));

        Assert.Equal(jobs.Take(2).Select(j => j.Id), first.Select(j => j.Id));
        Assert.Empty(second);
        Assert.Equal(jobs[2].Id, Assert.Single(third).Id);
        var queue = await Store.Dispatch.ReadQueueAsync(CancellationToken);
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
        Assert.Equal(0, SlotsInUse(await Store.Dispatch.ReadQueueAsync(CancellationToken), "local"));
    }

    [Fact]
    public async Task ClaimJobs_skips_a_paused_vendor_until_its_pause_ends_and_heartbeats_report_the_pause()
    {
        var sut = Store.Jobs;
        await CreateJobsAsync(sut, 2);
        var until = Now + TimeSpan.FromSeconds(30);

        await Store.Dispatch.PauseVendorAsync("local", until, CancellationToken);
        await Store.Dispatch.PauseVendorAsync("local", Now + TimeSpan.FromSeconds(5), CancellationToken);
        var whilePaused = await Store.ClaimAsync("node-1", 10);
        var whilePausedWithRoom = await Store.ClaimAsync("node-1", 10, Deployment("local", 10));
        var beat = await Store.Dispatch.HeartbeatAsync("node-1", Now, Now + LeaseTtl, CancellationToken);
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
        Assert.Equal(4, SlotsInUse(await Store.Dispatch.ReadQueueAsync(CancellationToken), "local"));

        Assert.True(await Store.Dispatch.CompleteSucceededAsync(jobs[0].Id, "node-1", TestJobs.Artifacts(jobs[0]), 1, Now, CancellationToken));
        Assert.True(await Store.Dispatch.CompleteFailedAsync(jobs[1].Id, "node-1", "VENDOR_OUTCOME_UNKNOWN", "?", keepHold: true, Now, CancellationToken));
        Assert.Equal(CancelJobOutcome.Canceled, (await sut.CancelJobAsync("proj_a", jobs[2].Id, Now, CancellationToken)).Outcome);
        Assert.Equal(DeleteJobOutcome.Deleted, (await sut.DeleteJobAsync("proj_a", jobs[3].Id, Now, CancellationToken)).Outcome);

        Assert.Equal(0, SlotsInUse(await Store.Dispatch.ReadQueueAsync(CancellationToken), "local"));
    }

    [Fact]
    public async Task ReleaseVendorSlot_gives_the_slot_to_the_next_job_while_the_job_stays_running_with_its_owner()
    {
        var sut = Store.Jobs;
        var jobs = await CreateJobsAsync(sut, 2);
        var first = Assert.Single(await Store.ClaimAsync("node-1", 10, Deployment("local", 1)));
        Assert.True(await Store.Dispatch.RecordProgressAsync(first.Id, "node-1", 0.9, 3, Now, CancellationToken));

        var byStranger = await Store.Dispatch.ReleaseVendorSlotAsync(first.Id, "node-2", Now, CancellationToken);
        var beforeRelease = await Store.ClaimAsync("node-2", 10, Deployment("local", 1));
        var released = await Store.Dispatch.ReleaseVendorSlotAsync(first.Id, "node-1", Now, CancellationToken);
        var again = await Store.Dispatch.ReleaseVendorSlotAsync(first.Id, "node-1", Now, CancellationToken);
        var afterRelease = await Store.ClaimAsync("node-2", 10, Deployment("local", 1));
        var stored = await sut.FindJobAsync(first.Id, CancellationToken);

        Assert.Equal(jobs[0].Id, first.Id);
        Assert.False(byStranger);
        Assert.Empty(beforeRelease);
        Assert.True(released);
        Assert.False(again);
        Assert.Equal(jobs[1].Id, Assert.Single(afterRelease).Id);
        Assert.Equal((VideoJobState.Running, "node-1", null), (stored?.State, stored?.LeaseOwner, stored?.QueuePosition));
        Assert.True(await Store.Dispatch.CompleteSucceededAsync(first.Id, "node-1", TestJobs.Artifacts(first), 1, Now, CancellationToken));
        Assert.Equal(1, SlotsInUse(await Store.Dispatch.ReadQueueAsync(CancellationToken), "local"));
    }

    [Fact]
    public async Task MoveToModel_frees_the_slot_and_the_owner_and_a_claim_with_room_on_the_new_vendor_runs_it()
    {
        var sut = Store.Jobs;
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        await Store.ClaimAsync("node-1", 10, Deployment("local", 1), Deployment("beta", 0));
        Assert.True(await Store.Dispatch.RecordAttemptAsync(job.Id, "node-1", 0, "vendor-job-1", Now, CancellationToken));

        var byStranger = await Store.Dispatch.MoveToModelAsync(job.Id, "node-2", 1, Now, CancellationToken);
        var beforeThePlan = await Store.Dispatch.MoveToModelAsync(job.Id, "node-1", -1, Now, CancellationToken);
        var pastThePlan = await Store.Dispatch.MoveToModelAsync(job.Id, "node-1", 2, Now, CancellationToken);
        var moved = await Store.Dispatch.MoveToModelAsync(job.Id, "node-1", 1, Now, CancellationToken);
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
        var queue = await Store.Dispatch.ReadQueueAsync(CancellationToken);
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
        var order = await Store.Dispatch.ClaimJobsAsync(new ClaimRequest("node-1", 3, Now, []), CancellationToken);
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
        Assert.True(await Store.Dispatch.CompleteFailedAsync(burst[0].Id, "node-1", "VENDOR_INTERNAL", "boom", keepHold: false, Now, CancellationToken));
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

        var strangerAttempt = await Store.Dispatch.RecordAttemptAsync(job.Id, "node-2", 1, "vendor-x", Now, CancellationToken);
        var strangerProgress = await Store.Dispatch.RecordProgressAsync(job.Id, "node-2", 0.9, null, Now, CancellationToken);
        var ownerAttempt = await Store.Dispatch.RecordAttemptAsync(job.Id, "node-1", 1, null, Now, CancellationToken);
        var ownerSubmitted = await Store.Dispatch.RecordAttemptAsync(job.Id, "node-1", 1, "vendor-job-7", Now, CancellationToken);
        var ownerProgress = await Store.Dispatch.RecordProgressAsync(job.Id, "node-1", 0.4, null, Now, CancellationToken);

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

        var byStranger = await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-2", TestJobs.Artifacts(job), 250_000, Now, CancellationToken);
        var byOwner = await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 250_000, Now, CancellationToken);
        var again = await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 999_999, Now, CancellationToken);

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

        var byStranger = await Store.Dispatch.CompleteFailedAsync(job.Id, "node-2", "VENDOR_ERROR", "boom", false, Now, CancellationToken);
        var byOwner = await Store.Dispatch.CompleteFailedAsync(job.Id, "node-1", "VENDOR_ERROR", "boom", false, Now, CancellationToken);

        Assert.False(byStranger);
        Assert.True(byOwner);
        var stored = await sut.GetJobAsync("proj_a", job.Id, CancellationToken);
        Assert.Equal(VideoJobState.Failed, stored?.State);
        Assert.Equal("VENDOR_ERROR", stored?.ErrorCode);
        Assert.Equal("boom", stored?.ErrorMessage);
    }
}

public sealed class SqliteDispatchStoreContract : DispatchStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => SqliteStoreHarness.CreateAsync();
}

public sealed class PostgresDispatchStoreContract : DispatchStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => PostgresStoreHarness.CreateAsync();
}
