namespace Reelgate.Core.Jobs;

/// <summary>How many of a vendor's concurrency slots running jobs hold across the deployment.</summary>
public sealed record VendorSlots(string Vendor, long InUse);
