using Reelgate.Core.Jobs;

namespace Reelgate.Core.Ports;

/// <summary>Failed jobs whose vendor outcome is unknown and which still hold credit, for an operator to settle.</summary>
public interface ISettlementStore
{
    /// <summary>Failed jobs that still hold credit (their vendor outcome is unknown), oldest first, deleted ones included.</summary>
    Task<IReadOnlyList<Job>> ListHeldFailedJobsAsync(int max, CancellationToken cancellationToken);

    /// <summary>One failed job that still holds credit, deleted or not (the operator settles it either way), or null.</summary>
    Task<Job?> FindHeldFailedJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Settles the hold a failed job kept: captures <paramref name="captureMicros"/> (at most the hold)
    /// and releases the rest. False when the job holds nothing (already settled) or is not failed.
    /// </summary>
    Task<bool> SettleHeldJobAsync(string jobId, long captureMicros, DateTimeOffset now, CancellationToken cancellationToken);
}
