namespace Reelgate.Core.Dispatching;

/// <summary>One claim round of a dispatcher node: up to <see cref="Max"/> jobs within the vendors' capacities.</summary>
public sealed record ClaimRequest(string Owner, int Max, DateTimeOffset Now, IReadOnlyList<VendorCapacity> Vendors);
