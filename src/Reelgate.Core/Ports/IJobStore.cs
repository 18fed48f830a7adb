using Reelgate.Core.Jobs;

namespace Reelgate.Core.Ports;

/// <summary>
/// Jobs as the API sees them: create (with the credit hold and the idempotency key), read, list,
/// cancel, delete, retention, and the stored answers of idempotent operations. Every state change
/// is a conditional update, so a crash at any point leaves a consistent record.
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

    /// <summary>Every vendor attempt of the job, first to last.</summary>
    Task<IReadOnlyList<JobAttempt>> ListAttemptsAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Queued or running → canceled, releasing the hold. Answers the job after the change (or as it is, when already terminal).</summary>
    Task<CancelJobResult> CancelJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks the job deleted (cancelling it and releasing its hold when active); idempotent.</summary>
    Task<DeleteJobResult> DeleteJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks every job of the project deleted; answers them after the change.</summary>
    Task<IReadOnlyList<Job>> DeleteAllJobsAsync(string projectId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Job?> SetRetentionAsync(string projectId, string jobId, int days, DateTimeOffset now, CancellationToken cancellationToken);

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
