using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Core.Events;

/// <summary>
/// Wraps a job store and signals <see cref="JobEventHub"/> after every committed change, so
/// waiters (<c>status?wait</c>, SSE) wake whichever use case made the change.
/// </summary>
public sealed class NotifyingJobStore(IJobStore inner, JobEventHub hub) : IJobStore
{
    public async Task<CreateJobResult> CreateJobAsync(Job job, IdempotencyClaim? idempotency, CancellationToken cancellationToken)
        => Notify(await inner.CreateJobAsync(job, idempotency, cancellationToken), r => r.Job?.Id);

    public Task<Job?> GetJobAsync(string projectId, string jobId, CancellationToken cancellationToken) => inner.GetJobAsync(projectId, jobId, cancellationToken);

    public Task<Job?> FindJobAsync(string jobId, CancellationToken cancellationToken) => inner.FindJobAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<Job>> ListJobsAsync(string projectId, string? beforeId, int limit, CancellationToken cancellationToken) => inner.ListJobsAsync(projectId, beforeId, limit, cancellationToken);

    public Task<int> RegisterDispatcherAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, bool takeOverOthers, CancellationToken cancellationToken)
        => inner.RegisterDispatcherAsync(owner, now, leaseUntil, takeOverOthers, cancellationToken);

    public Task<DispatcherHeartbeat> HeartbeatAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
        => inner.HeartbeatAsync(owner, now, leaseUntil, cancellationToken);

    public Task<int> RetireDispatcherAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => inner.RetireDispatcherAsync(owner, now, cancellationToken);

    public async Task<IReadOnlyList<Job>> ClaimJobsAsync(ClaimRequest request, CancellationToken cancellationToken)
        => NotifyAll(await inner.ClaimJobsAsync(request, cancellationToken));

    public async Task<bool> MoveToModelAsync(string jobId, string owner, int planIndex, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await inner.MoveToModelAsync(jobId, owner, planIndex, now, cancellationToken), jobId);

    public Task PauseVendorAsync(string vendor, DateTimeOffset until, CancellationToken cancellationToken)
        => inner.PauseVendorAsync(vendor, until, cancellationToken);

    public async Task<bool> RecordAttemptAsync(string jobId, string owner, int planIndex, string? vendorJobId, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await inner.RecordAttemptAsync(jobId, owner, planIndex, vendorJobId, now, cancellationToken), jobId);

    public async Task<bool> RecordProgressAsync(string jobId, string owner, double progress, int? queuePosition, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await inner.RecordProgressAsync(jobId, owner, progress, queuePosition, now, cancellationToken), jobId);

    public Task RecordAttemptEndAsync(string jobId, string? outcomeCode, string? message, DateTimeOffset now, CancellationToken cancellationToken)
        => inner.RecordAttemptEndAsync(jobId, outcomeCode, message, now, cancellationToken);

    public Task<IReadOnlyList<JobAttempt>> ListAttemptsAsync(string jobId, CancellationToken cancellationToken) => inner.ListAttemptsAsync(jobId, cancellationToken);

    public async Task<bool> CompleteSucceededAsync(string jobId, string owner, JobArtifacts artifacts, long costMicros, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await inner.CompleteSucceededAsync(jobId, owner, artifacts, costMicros, now, cancellationToken), jobId);

    public async Task<bool> CompleteFailedAsync(string jobId, string owner, string errorCode, string errorMessage, bool keepHold, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await inner.CompleteFailedAsync(jobId, owner, errorCode, errorMessage, keepHold, now, cancellationToken), jobId);

    public async Task<CancelJobResult> CancelJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await inner.CancelJobAsync(projectId, jobId, now, cancellationToken), r => r.Outcome == CancelJobOutcome.Canceled ? jobId : null);

    public async Task<DeleteJobResult> DeleteJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await inner.DeleteJobAsync(projectId, jobId, now, cancellationToken), r => r.Outcome == DeleteJobOutcome.Deleted ? jobId : null);

    public async Task<IReadOnlyList<Job>> DeleteAllJobsAsync(string projectId, DateTimeOffset now, CancellationToken cancellationToken)
        => NotifyAll(await inner.DeleteAllJobsAsync(projectId, now, cancellationToken));

    public async Task<Job?> SetRetentionAsync(string projectId, string jobId, int days, DateTimeOffset now, CancellationToken cancellationToken)
        => Notify(await inner.SetRetentionAsync(projectId, jobId, days, now, cancellationToken), j => j?.Id);

    public async Task<IReadOnlyList<Job>> ExpireDueJobsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
        => NotifyAll(await inner.ExpireDueJobsAsync(now, max, cancellationToken));

    public Task<JobQueue> ReadQueueAsync(CancellationToken cancellationToken) => inner.ReadQueueAsync(cancellationToken);

    public Task<IReadOnlyList<Job>> ListHeldFailedJobsAsync(int max, CancellationToken cancellationToken) => inner.ListHeldFailedJobsAsync(max, cancellationToken);

    public Task<Job?> FindHeldFailedJobAsync(string jobId, CancellationToken cancellationToken) => inner.FindHeldFailedJobAsync(jobId, cancellationToken);

    public Task<bool> SettleHeldJobAsync(string jobId, long captureMicros, DateTimeOffset now, CancellationToken cancellationToken)
        => inner.SettleHeldJobAsync(jobId, captureMicros, now, cancellationToken);

    public Task<IdempotentResponse?> GetIdempotentResponseAsync(string projectId, string operation, string key, CancellationToken cancellationToken)
        => inner.GetIdempotentResponseAsync(projectId, operation, key, cancellationToken);

    public Task<IdempotentResponse> SaveIdempotentResponseAsync(string projectId, string operation, string key, IdempotentResponse response, DateTimeOffset now, CancellationToken cancellationToken)
        => inner.SaveIdempotentResponseAsync(projectId, operation, key, response, now, cancellationToken);

    private bool Notify(bool changed, string jobId)
    {
        if (changed)
        {
            hub.Publish(jobId);
        }

        return changed;
    }

    private T Notify<T>(T result, Func<T, string?> changedJob)
    {
        if (changedJob(result) is { } jobId)
        {
            hub.Publish(jobId);
        }

        return result;
    }

    private IReadOnlyList<Job> NotifyAll(IReadOnlyList<Job> jobs)
    {
        foreach (var job in jobs)
        {
            hub.Publish(job.Id);
        }

        return jobs;
    }
}
