using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;

namespace Reelgate.Core.Ports;

/// <summary>
/// Jobs as the dispatcher sees them: node leases, claims within each vendor's capacity, the record of
/// every vendor attempt written before it is acted on, and the terminal transitions with their
/// settlement. The writes of a job's run succeed only for the node that owns it.
/// </summary>
public interface IDispatchStore
{
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

    /// <summary>
    /// The vendor has finished the job's task: the job gives its vendor slot to the next job while its output is
    /// fetched and checked (it stays <c>running</c>). False when it held none or is no longer this owner's.
    /// </summary>
    Task<bool> ReleaseVendorSlotAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Asks every node to hold off calling <paramref name="vendor"/> until <paramref name="until"/> (a Retry-After); a later pause wins.</summary>
    Task PauseVendorAsync(string vendor, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Records which model is being asked and the vendor's job id (null before submit).</summary>
    Task<bool> RecordAttemptAsync(string jobId, string owner, int planIndex, string? vendorJobId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> RecordProgressAsync(string jobId, string owner, double progress, int? queuePosition, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Closes the job's latest attempt with its outcome (a failure code, or null for success).</summary>
    Task RecordAttemptEndAsync(string jobId, string? outcomeCode, string? message, DateTimeOffset now, CancellationToken cancellationToken);

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

    /// <summary>How many jobs wait for a dispatcher per project (all nodes), since when, and the vendor slots in use.</summary>
    Task<JobQueue> ReadQueueAsync(CancellationToken cancellationToken);
}
