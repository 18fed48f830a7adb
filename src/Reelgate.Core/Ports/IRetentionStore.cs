using Reelgate.Core.Jobs;

namespace Reelgate.Core.Ports;

/// <summary>Succeeded jobs whose retention window ended, for the sweeper.</summary>
public interface IRetentionStore
{
    /// <summary>Succeeded jobs whose window has passed → expired; answers them (their artifacts are to be removed).</summary>
    Task<IReadOnlyList<Job>> ExpireDueJobsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);
}
