using Reelgate.Core.Dispatching;
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

    /// <summary>
    /// A job of the project that is not deleted, or <c>null</c>. A queued job comes with its place in
    /// its project's queue in <see cref="Job.QueuePosition"/> (1 = the project's next job to start).
    /// </summary>
    Task<Job?> GetJobAsync(string projectId, string jobId, CancellationToken cancellationToken);

    /// <summary>A job by id regardless of project (dispatcher and file endpoint), not deleted.</summary>
    Task<Job?> FindJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Jobs of the project, newest first, with ids below <paramref name="beforeId"/>.</summary>
    Task<IReadOnlyList<Job>> ListJobsAsync(string projectId, string? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Registers a dispatcher node with a lease that <see cref="HeartbeatAsync"/> keeps alive. With
    /// <paramref name="takeOverOthers"/> (one node owns the data: SQLite) every job another owner left
    /// running is handed back to the queue at once and the others' registrations are dropped;
    /// answers how many jobs were handed back.
    /// </summary>
    Task<int> RegisterDispatcherAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, bool takeOverOthers, CancellationToken cancellationToken);

    /// <summary>
    /// One beat of a dispatcher node: renews its lease (one row, however many jobs it runs), hands the
    /// jobs of nodes whose lease expired back to the queue, and reports which jobs the store says this
    /// node runs and which vendors are paused. A node whose own lease had expired hands its jobs back
    /// itself and is registered afresh (<see cref="DispatcherHeartbeat.LeaseWasLost"/>).
    /// </summary>
    Task<DispatcherHeartbeat> HeartbeatAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Hands every job of the node back to the queue and drops its registration (graceful shutdown); answers how many.</summary>
    Task<int> RetireDispatcherAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Leases runnable jobs to a registered, live dispatcher node: running jobs that no node owns
    /// (handed back, or left by a dead node) first, then queued jobs in fair order (see
    /// docs/ARCHITECTURE.md, "Capacity"), each only while its vendor has room
    /// (<see cref="ClaimRequest.Vendors"/>) and is not paused. Claimed jobs are <c>running</c>, owned by
    /// <see cref="ClaimRequest.Owner"/>, and hold a slot of their vendor where it is counted deployment-wide.
    /// </summary>
    Task<IReadOnlyList<Job>> ClaimJobsAsync(ClaimRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The lease holder moves its job to the model at <paramref name="planIndex"/>, of another vendor:
    /// the job gives up its vendor slot and its owner, so the next claim with room on that vendor runs
    /// it (it stays <c>running</c>). False when the job is no longer this owner's running job.
    /// </summary>
    Task<bool> MoveToModelAsync(string jobId, string owner, int planIndex, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Asks every node to hold off calling <paramref name="vendor"/> until <paramref name="until"/> (a Retry-After); a later pause wins.</summary>
    Task PauseVendorAsync(string vendor, DateTimeOffset until, CancellationToken cancellationToken);

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

    /// <summary>How many jobs wait for a dispatcher per project (all nodes), since when, and the vendor slots in use.</summary>
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
