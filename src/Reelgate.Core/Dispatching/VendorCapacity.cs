namespace Reelgate.Core.Dispatching;

/// <summary>
/// How many jobs of one vendor a claim may start. For <see cref="ConcurrencyScope.Deployment"/>,
/// <see cref="Limit"/> is the vendor account's limit and the store subtracts the slots that running
/// jobs of every node hold; for <see cref="ConcurrencyScope.Node"/> it is what this node can still
/// start, and the store records no slot. A vendor missing from a claim's list is not limited.
/// </summary>
public sealed record VendorCapacity(string Vendor, int Limit, ConcurrencyScope Scope);
