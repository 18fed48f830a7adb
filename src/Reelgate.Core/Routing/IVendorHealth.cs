namespace Reelgate.Core.Routing;

/// <summary>
/// Whether a vendor may take new work now. The resilience layer (circuit breakers) feeds it;
/// the router and <c>capabilities</c> read it.
/// </summary>
public interface IVendorHealth
{
    bool IsHealthy(string vendor);
}

internal sealed class AlwaysHealthy : IVendorHealth
{
    public bool IsHealthy(string vendor) => true;
}
