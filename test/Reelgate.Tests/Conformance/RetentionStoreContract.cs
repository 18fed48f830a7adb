using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Conformance;

/// <summary>The retention sweeper's side of the job store (<see cref="IRetentionStore"/>), on every provider.</summary>
public abstract class RetentionStoreContract : JobContractBase
{
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
        await Store.Dispatch.CompleteSucceededAsync(shortLived.Id, "node-1", TestJobs.Artifacts(shortLived), 0, Now, CancellationToken);
        await Store.Dispatch.CompleteSucceededAsync(longLived.Id, "node-1", TestJobs.Artifacts(longLived), 0, Now, CancellationToken);
        await Store.Dispatch.CompleteFailedAsync(failing.Id, "node-1", "X", "y", false, Now, CancellationToken);
        await sut.CreateJobAsync(waiting, null, CancellationToken);
        await sut.SetRetentionAsync("proj_a", waiting.Id, 1, Now, CancellationToken);

        Store.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMilliseconds(1));
        var early = await Store.Retention.ExpireDueJobsAsync(Now, 100, CancellationToken);
        Store.Time.Advance(TimeSpan.FromDays(1));
        var due = await Store.Retention.ExpireDueJobsAsync(Now, 100, CancellationToken);
        var again = await Store.Retention.ExpireDueJobsAsync(Now, 100, CancellationToken);

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
            await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 0, Now, CancellationToken);
        }

        Store.Time.Advance(TimeSpan.FromDays(2));
        var sweepers = Enumerable.Range(0, 4).Select(_ => Store.OpenInstance().Retention).ToList();
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
            await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 0, Now, CancellationToken);
        }

        await sut.DeleteJobAsync("proj_a", jobs[0].Id, Now, CancellationToken);
        Store.Time.Advance(TimeSpan.FromDays(2));

        var firstBatch = await Store.Retention.ExpireDueJobsAsync(Now, 2, CancellationToken);
        var secondBatch = await Store.Retention.ExpireDueJobsAsync(Now, 2, CancellationToken);

        Assert.Equal(2, firstBatch.Count);
        Assert.Single(secondBatch);
        Assert.DoesNotContain(jobs[0].Id, firstBatch.Concat(secondBatch).Select(j => j.Id));
    }
}

public sealed class SqliteRetentionStoreContract : RetentionStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => SqliteStoreHarness.CreateAsync();
}

public sealed class PostgresRetentionStoreContract : RetentionStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => PostgresStoreHarness.CreateAsync();
}
