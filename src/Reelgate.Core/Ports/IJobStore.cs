using Reelgate.Core.Jobs;

namespace Reelgate.Core.Ports;

/// <summary>
/// Durable job state. Every state change goes through a conditional update here before the
/// dispatcher acts on it, so a crash at any point leaves a consistent record.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// Creates the job and holds <see cref="Job.HoldMicros"/> of the project's credit in one
    /// transaction, or, when <paramref name="idempotency"/> names a key already used in the
    /// project, returns the job of that key (same request) or a reuse conflict (other request).
    /// Duplicates that arrive concurrently see the same answer. When the available credit does
    /// not cover the hold, nothing is written and the outcome carries the balance.
    /// </summary>
    Task<CreateJobResult> CreateJobAsync(Job job, IdempotencyClaim? idempotency, CancellationToken cancellationToken);

    /// <summary>A job of the project that is not deleted, or <c>null</c>.</summary>
    Task<Job?> GetJobAsync(string projectId, string jobId, CancellationToken cancellationToken);

    /// <summary>A job by id regardless of project (dispatcher and file endpoint), not deleted.</summary>
    Task<Job?> FindJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Jobs of the project, newest first, with ids below <paramref name="beforeId"/>.</summary>
    Task<IReadOnlyList<Job>> ListJobsAsync(string projectId, string? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> runnable jobs to <paramref name="owner"/>: queued jobs, and
    /// running jobs whose lease has expired (their owner died). Claimed jobs are <c>running</c>.
    /// </summary>
    Task<IReadOnlyList<Job>> ClaimJobsAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends a lease; false when the job is no longer this owner's running job.</summary>
    Task<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Expires every lease held by owners other than <paramref name="owner"/> (single-node start-up).</summary>
    Task<int> ExpireForeignLeasesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives the job back to the queue of runnable work (graceful shutdown).</summary>
    Task ReleaseLeaseAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records which model is being asked and the vendor's job id (null before submit).</summary>
    Task<bool> RecordAttemptAsync(string jobId, string owner, int planIndex, string? vendorJobId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> RecordProgressAsync(string jobId, string owner, double progress, int? queuePosition, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Closes the job's latest attempt with its outcome (a failure code, or null for success).</summary>
    Task RecordAttemptEndAsync(string jobId, string? outcomeCode, string? message, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every vendor attempt of the job, first to last.</summary>
    Task<IReadOnlyList<JobAttempt>> ListAttemptsAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Running → succeeded with artifacts, capturing <paramref name="costMicros"/>, releasing the rest of the hold and
    /// closing the open attempt as <c>succeeded</c>, all in one transaction (a reader never sees a succeeded job with an
    /// open attempt); false when the job was cancelled or lost the lease meanwhile.
    /// </summary>
    Task<bool> CompleteSucceededAsync(string jobId, string owner, JobArtifacts artifacts, long costMicros, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Running → failed, releasing the hold unless <paramref name="keepHold"/> (an unknown vendor
    /// outcome keeps it until reconciled); false when the job was cancelled or lost the lease meanwhile.
    /// </summary>
    Task<bool> CompleteFailedAsync(string jobId, string owner, string errorCode, string errorMessage, bool keepHold, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Failed jobs that still hold credit (their vendor outcome is unknown), oldest first, deleted ones included.</summary>
    Task<IReadOnlyList<Job>> ListHeldFailedJobsAsync(int max, CancellationToken cancellationToken);

    /// <summary>One failed job that still holds credit, deleted or not (the operator settles it either way), or null.</summary>
    Task<Job?> FindHeldFailedJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Settles the hold a failed job kept: captures <paramref name="captureMicros"/> (at most the hold)
    /// and releases the rest. False when the job holds nothing (already settled) or is not failed.
    /// </summary>
    Task<bool> SettleHeldJobAsync(string jobId, long captureMicros, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Queued or running → canceled, releasing the hold. Answers the job after the change (or as it is, when already terminal).</summary>
    Task<CancelJobResult> CancelJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks the job deleted (cancelling it and releasing its hold when active); idempotent.</summary>
    Task<DeleteJobResult> DeleteJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks every job of the project deleted; answers them after the change.</summary>
    Task<IReadOnlyList<Job>> DeleteAllJobsAsync(string projectId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Job?> SetRetentionAsync(string projectId, string jobId, int days, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Succeeded jobs whose window has passed → expired; answers them (their artifacts are to be removed).</summary>
    Task<IReadOnlyList<Job>> ExpireDueJobsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>How many jobs wait for a dispatcher (all projects, all nodes), and since when the oldest waits.</summary>
    Task<JobQueue> ReadQueueAsync(CancellationToken cancellationToken);

    /// <summary>The stored answer of an idempotent operation other than generate, or null.</summary>
    Task<IdempotentResponse?> GetIdempotentResponseAsync(string projectId, string operation, string key, CancellationToken cancellationToken);

    /// <summary>Stores an answer unless one exists; answers whichever is stored.</summary>
    Task<IdempotentResponse> SaveIdempotentResponseAsync(string projectId, string operation, string key, IdempotentResponse response, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>An idempotency key and the fingerprint of the request that used it.</summary>
public sealed record IdempotencyClaim(string Key, string RequestHash);

/// <summary>A stored answer of an idempotent operation.</summary>
public sealed record IdempotentResponse(string RequestHash, int StatusCode, string Body);

public enum CreateJobOutcome
{
    Created,
    Replayed,
    KeyReused,
    InsufficientCredit,
}

public sealed record CreateJobResult(CreateJobOutcome Outcome, Job? Job, Billing.AccountBalance? Balance = null);

public enum CancelJobOutcome
{
    NotFound,
    AlreadyTerminal,
    Canceled,
}

public sealed record CancelJobResult(CancelJobOutcome Outcome, Job? Job);

public enum DeleteJobOutcome
{
    NotFound,
    AlreadyDeleted,
    Deleted,
}

public sealed record DeleteJobResult(DeleteJobOutcome Outcome, Job? Job);

/// <summary>One try of one model for a job.</summary>
public sealed record JobAttempt(int Number, string Vendor, string Model, string? VendorJobId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Outcome, string? Message);
