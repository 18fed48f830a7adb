namespace Reelgate.Core.Jobs;

/// <summary>
/// The deployment's dispatch state: the jobs waiting for a dispatcher, per project, and the vendor
/// slots that running jobs hold (<see cref="Dispatching.ConcurrencyScope.Deployment"/>).
/// </summary>
public sealed record JobQueue(IReadOnlyList<ProjectQueue> Projects, IReadOnlyList<VendorSlots> Vendors)
{
    public static JobQueue Empty { get; } = new([], []);

    /// <summary>Jobs waiting in every project.</summary>
    public long Queued => Projects.Sum(p => p.Queued);

    /// <summary>When the oldest waiting job was accepted; null when none waits.</summary>
    public DateTimeOffset? OldestQueuedAt => Projects.Count == 0 ? null : Projects.Min(p => p.OldestQueuedAt);
}
