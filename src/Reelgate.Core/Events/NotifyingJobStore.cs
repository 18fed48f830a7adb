using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Core.Events;

/// <summary>
/// Wraps the job stores and signals <see cref="JobEventHub"/> after every committed change, so
/// waiters (<c>status?wait</c>, SSE) wake whichever use case made the change.
/// </summary>
public sealed class NotifyingJobStore : IJobStore, IDispatchStore, ISettlementStore, IRetentionStore
{
    private readonly IJobStore _jobs;
    private readonly IDispatchStore _dispatch;
    private readonly ISettlementStore _settlement;
    private readonly IRetentionStore _retention;
    private readonly JobEventHub _hub;

    private NotifyingJobStore(IJobStore jobs, IDispatchStore dispatch, ISettlementStore settlement, IRetentionStore retention, JobEventHub hub)
    {
        _jobs = jobs;
        _dispatch = dispatch;
        _settlement = settlement;
        _retention = retention;
        _hub = hub;
    }

    /// <summary>Wraps one store that plays every part.</summary>
    public static NotifyingJobStore Over<TStore>(TStore store, JobEventHub hub)
        where TStore : IJobStore, IDispatchStore, ISettlementStore, IRetentionStore
        => new(store, store, store, store, hub);

    public async Task<CreateJobResult> CreateJobAsync(Job job, IdempotencyClaim? idempotency, CancellationToken cancellationToken)
        => Notify(await _jobs.CreateJobAsync(job, idempotency, cancellationToken), r => r.Job?.Id);

    public Task<Job?> GetJobAsync(string projectId, string jobId, CancellationToken cancellationToken) => _jobs.GetJobAsync(projectId, jobId, cancellationToken);

    public Task<Job?> FindJobAsync(string jobId, CancellationToken cancellationToken) => _jobs.FindJobAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<Job>> ListJobsAsync(string projectId, string? beforeId, int limit, CancellationToken cancellationToken) => _jobs.ListJobsAsync(projectId, beforeId, limit, cancellationToken);

    public Task<int> RegisterDispatcherAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, bool takeOverOthers, CancellationToken cancellationToken)
        => _dispatch.RegisterDispatcherAsync(owner, now, leaseUntil, takeOverOthers, cancellationToken);

    public Task<DispatcherHeartbeat> HeartbeatAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
        => _dispatch.HeartbeatAsync(owner, now, leaseUntil, cancellationToken);

    public Task<int> RetireDispatcherAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => _dispatch.RetireDispatcherAsync(owner, now, cancellationToken);

    public async Task<IReadOnlyList<Job>> ClaimJobsAsync(ClaimRequest request, CancellationToken cancellationToken)
        => NotifyAll(await _dispatch.ClaimJobsAsync(request, cancellationToken));

    public async Task<bool> MoveToModelAsync(string jobId, string owner, int planIndex, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await _dispatch.MoveToModelAsync(jobId, owner, planIndex, now, cancellationToken), jobId);

    public async Task<bool> ReleaseVendorSlotAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await _dispatch.ReleaseVendorSlotAsync(jobId, owner, now, cancellationToken), jobId);

    public Task PauseVendorAsync(string vendor, DateTimeOffset until, CancellationToken cancellationToken)
        => _dispatch.PauseVendorAsync(vendor, until, cancellationToken);

    public async Task<bool> RecordAttemptAsync(string jobId, string owner, int planIndex, string? vendorJobId, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await _dispatch.RecordAttemptAsync(jobId, owner, planIndex, vendorJobId, now, cancellationToken), jobId);

    public async Task<bool> RecordProgressAsync(string jobId, string owner, double progress, int? queuePosition, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await _dispatch.RecordProgressAsync(jobId, owner, progress, queuePosition, now, cancellationToken), jobId);

    public Task RecordAttemptEndAsync(string jobId, string? outcomeCode, string? message, DateTimeOffset now, CancellationToken cancellationToken)
        => _dispatch.RecordAttemptEndAsync(jobId, outcomeCode, message, now, cancellationToken);

    public Task<IReadOnlyList<JobAttempt>> ListAttemptsAsync(string jobId, CancellationToken cancellationToken) => _jobs.ListAttemptsAsync(jobId, cancellationToken);

    public async Task<bool> CompleteSucceededAsync(string jobId, string owner, JobArtifacts artifacts, long costMicros, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await _dispatch.CompleteSucceededAsync(jobId, owner, artifacts, costMicros, now, cancellationToken), jobId);

    public async Task<bool> CompleteFailedAsync(string jobId, string owner, string errorCode, string errorMessage, bool keepHold, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await _dispatch.CompleteFailedAsync(jobId, owner, errorCode, errorMessage, keepHold, now, cancellationToken), jobId);

    public async Task<CancelJobResult> CancelJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await _jobs.CancelJobAsync(projectId, jobId, now, cancellationToken), r => r.Outcome == CancelJobOutcome.Canceled ? jobId : null);

    public async Task<DeleteJobResult> DeleteJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await _jobs.DeleteJobAsync(projectId, jobId, now, cancellationToken), r => r.Outcome == DeleteJobOutcome.Deleted ? jobId : null);

    public async Task<IReadOnlyList<Job>> DeleteAllJobsAsync(string projectId, DateTimeOffset now, CancellationToken cancellationToken)
        => NotifyAll(await _jobs.DeleteAllJobsAsync(projectId, now, cancellationToken));

    public async Task<Job?> SetRetentionAsync(string projectId, string jobId, int days, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await _jobs.SetRetentionAsync(projectId, jobId, days, now, cancellationToken), j => j?.Id);

    public async Task<IReadOnlyList<Job>> ExpireDueJobsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
        => NotifyAll(await _retention.ExpireDueJobsAsync(now, max, cancellationToken));

    public Task<JobQueue> ReadQueueAsync(CancellationToken cancellationToken) => _dispatch.ReadQueueAsync(cancellationToken);

    public Task<IReadOnlyList<Job>> ListHeldFailedJobsAsync(int max, CancellationToken cancellationToken) => _settlement.ListHeldFailedJobsAsync(max, cancellationToken);

    public Task<Job?> FindHeldFailedJobAsync(string jobId, CancellationToken cancellationToken) => _settlement.FindHeldFailedJobAsync(jobId, cancellationToken);

    public Task<bool> SettleHeldJobAsync(string jobId, long captureMicros, DateTimeOffset now, CancellationToken cancellationToken)
        => _settlement.SettleHeldJobAsync(jobId, captureMicros, now, cancellationToken);

    public Task<IdempotentResponse?> GetIdempotentResponseAsync(string projectId, string operation, string key, CancellationToken cancellationToken)
        => _jobs.GetIdempotentResponseAsync(projectId, operation, key, cancellationToken);

    public Task<IdempotentResponse> SaveIdempotentResponseAsync(string projectId, string operation, string key, IdempotentResponse response, DateTimeOffset now, CancellationToken cancellationToken)
        => _jobs.SaveIdempotentResponseAsync(projectId, operation, key, response, now, cancellationToken);

    private bool Notify(bool changed, string jobId)
    {
        if (changed)
        {
            _hub.Publish(jobId);
        }

        return changed;
    }

    private T Notify<T>(T result, Func<T, string?> changedJob)
    {
        if (changedJob(result) is { } jobId)
        {
            _hub.Publish(jobId);
        }

        return result;
    }

    private IReadOnlyList<Job> NotifyAll(IReadOnlyList<Job> jobs)
    {
        foreach (var job in jobs)
        {
            _hub.Publish(job.Id);
        }

        return jobs;
    }
}
