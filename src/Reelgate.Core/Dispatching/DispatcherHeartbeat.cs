namespace Reelgate.Core.Dispatching;

/// <summary>What a dispatcher node learns from its periodic heartbeat (<see cref="Ports.IDispatchStore.HeartbeatAsync"/>).</summary>
/// <param name="LeaseWasLost">
/// The node's lease had expired before this beat (a stall longer than the lease): its jobs were handed
/// back to the queue, so it must stop running them; the beat registered it afresh.
/// </param>
/// <param name="OwnedJobIds">The running jobs the store says this node runs now. A job the node runs that is missing was cancelled, deleted or handed back.</param>
/// <param name="Reaped">Jobs of dead nodes this beat handed back to the queue.</param>
/// <param name="VendorPauses">Vendors that asked every node to hold off (a Retry-After), and until when.</param>
public sealed record DispatcherHeartbeat(
    bool LeaseWasLost,
    IReadOnlySet<string> OwnedJobIds,
    int Reaped,
    IReadOnlyDictionary<string, DateTimeOffset> VendorPauses);
