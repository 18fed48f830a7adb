namespace Reelgate.Core.Dispatching;

/// <summary>Where a vendor's concurrency limit is counted.</summary>
public enum ConcurrencyScope
{
    /// <summary>
    /// A property of the vendor account: the store counts the vendor's running jobs on every node
    /// against one limit, so three nodes together never send more than the account allows.
    /// </summary>
    Deployment = 0,

    /// <summary>A property of this machine (rendering on its cores): each node counts its own jobs.</summary>
    Node = 1,
}
