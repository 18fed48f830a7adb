using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reelgate.Contracts.Video;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Jobs;
using Reelgate.Core.Retention;
using Reelgate.Storage.FileSystem;
using Reelgate.Storage.Relational;
using Reelgate.Storage.Sqlite;
using Reelgate.Testing;
using Reelgate.Tests.Conformance;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Retention;

public sealed class RetentionSweeperTests : IAsyncDisposable
{
    private readonly SqliteTestDatabase _db = new();
    private readonly RelationalJobStore _store;
    private readonly FileSystemBlobStore _blobs;
    private readonly TestMeterFactory _meters = new();

    public RetentionSweeperTests()
    {
        _store = new RelationalJobStore(_db.Database, SqliteDialect.Instance, Microsoft.Extensions.Options.Options.Create(new Reelgate.Core.Webhooks.WebhookOptions()));
        _blobs = new FileSystemBlobStore(_db.DataOptions);
    }

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => _db.Time.GetUtcNow();

    public ValueTask DisposeAsync()
    {
        _meters.Dispose();
        return _db.DisposeAsync();
    }

    [Fact]
    public async Task SweepAsync_expires_a_job_past_its_retention_and_deletes_its_files()
    {
        var sut = CreateSut();
        var job = await CreateSucceededJobWithFilesAsync(retentionDays: 1);
        var (video, thumbnail) = await PathsAsync(job);

        _db.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var expired = await sut.SweepAsync(CancellationToken);

        Assert.Equal(1, expired);
        Assert.Equal(VideoJobState.Expired, (await _store.GetJobAsync(job.ProjectId, job.Id, CancellationToken))?.State);
        Assert.False(File.Exists(video));
        Assert.False(File.Exists(thumbnail));
        Assert.False(Directory.Exists(Path.GetDirectoryName(video)));
        Assert.Null(await _blobs.StatAsync(ArtifactKeys.Video(job.ProjectId, job.Id), CancellationToken));
    }

    [Fact]
    public async Task SweepAsync_leaves_a_job_that_is_not_yet_due()
    {
        var sut = CreateSut();
        var due = await CreateSucceededJobWithFilesAsync(retentionDays: 1);
        var notDue = await CreateSucceededJobWithFilesAsync(retentionDays: 3);
        var (video, thumbnail) = await PathsAsync(notDue);

        _db.Time.Advance(TimeSpan.FromDays(2));
        var expired = await sut.SweepAsync(CancellationToken);

        Assert.Equal(1, expired);
        Assert.Equal(VideoJobState.Expired, (await _store.GetJobAsync(due.ProjectId, due.Id, CancellationToken))?.State);
        var kept = await _store.GetJobAsync(notDue.ProjectId, notDue.Id, CancellationToken);
        Assert.Equal(VideoJobState.Succeeded, kept?.State);
        Assert.NotNull(kept?.Artifacts);
        Assert.True(File.Exists(video));
        Assert.True(File.Exists(thumbnail));
    }

    [Fact]
    public async Task SweepAsync_with_nothing_due_returns_zero_and_keeps_the_files()
    {
        var sut = CreateSut();
        var job = await CreateSucceededJobWithFilesAsync(retentionDays: 30);
        var (video, _) = await PathsAsync(job);

        _db.Time.Advance(TimeSpan.FromDays(29));
        var expired = await sut.SweepAsync(CancellationToken);

        Assert.Equal(0, expired);
        Assert.True(File.Exists(video));
    }

    [Fact]
    public async Task SweepAsync_of_an_already_expired_job_does_not_count_it_again()
    {
        var sut = CreateSut();
        using var expiredMetric = new MetricCollector<long>(_meters, ReelgateMetrics.MeterName, "reelgate.jobs.expired");
        await CreateSucceededJobWithFilesAsync(retentionDays: 1);
        _db.Time.Advance(TimeSpan.FromDays(2));
        await sut.SweepAsync(CancellationToken);

        var second = await sut.SweepAsync(CancellationToken);

        Assert.Equal(0, second);
        Assert.Equal(1, Assert.Single(expiredMetric.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task SweepAsync_expires_a_job_whose_files_are_already_missing()
    {
        var sut = CreateSut();
        var job = await CreateSucceededJobWithFilesAsync(retentionDays: 1);
        await _blobs.DeleteAsync(ArtifactKeys.Video(job.ProjectId, job.Id), CancellationToken);
        await _blobs.DeleteAsync(ArtifactKeys.Thumbnail(job.ProjectId, job.Id), CancellationToken);

        _db.Time.Advance(TimeSpan.FromDays(2));
        var expired = await sut.SweepAsync(CancellationToken);

        Assert.Equal(1, expired);
        Assert.Equal(VideoJobState.Expired, (await _store.GetJobAsync(job.ProjectId, job.Id, CancellationToken))?.State);
    }

    private RetentionSweeper CreateSut()
        => new(_store, _blobs, Options.Create(new RetentionOptions()), new ReelgateMetrics(_meters), _db.Time, NullLogger<RetentionSweeper>.Instance);

    private async Task<Job> CreateSucceededJobWithFilesAsync(int retentionDays)
    {
        var job = TestJobs.Queued(_db.Time, retentionDays: retentionDays);
        await _store.CreateJobAsync(job, null, CancellationToken);
        var claimed = await _store.ClaimAsync("node-1", 10, _db.Time.GetUtcNow());
        Assert.Contains(claimed, j => j.Id == job.Id);

        foreach (var (key, contentType) in new[] { (ArtifactKeys.Video(job.ProjectId, job.Id), "video/mp4"), (ArtifactKeys.Thumbnail(job.ProjectId, job.Id), "image/jpeg") })
        {
            var source = _db.Directory.Combine(Guid.NewGuid().ToString("N"));
            await File.WriteAllBytesAsync(source, [1, 2, 3, 4], CancellationToken);
            await _blobs.PutFileAsync(key, source, contentType, CancellationToken);
        }

        Assert.True(await _store.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 0, Now, CancellationToken));
        _db.Time.Advance(TimeSpan.FromMilliseconds(1));
        return job;
    }

    private async Task<(string Video, string Thumbnail)> PathsAsync(Job job)
    {
        // The file store keeps a blob at <data dir>/blobs/<key>; these tests check the files themselves.
        var video = _db.Directory.Combine("blobs", ArtifactKeys.Video(job.ProjectId, job.Id));
        var thumbnail = _db.Directory.Combine("blobs", ArtifactKeys.Thumbnail(job.ProjectId, job.Id));
        Assert.NotNull(await _blobs.StatAsync(ArtifactKeys.Video(job.ProjectId, job.Id), CancellationToken));
        Assert.NotNull(await _blobs.StatAsync(ArtifactKeys.Thumbnail(job.ProjectId, job.Id), CancellationToken));
        Assert.True(File.Exists(video));
        Assert.True(File.Exists(thumbnail));
        return (video, thumbnail);
    }
}
