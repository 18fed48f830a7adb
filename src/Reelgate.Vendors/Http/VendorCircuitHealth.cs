using System.Collections.Concurrent;
using Polly.CircuitBreaker;
using Reelgate.Core.Routing;

namespace Reelgate.Vendors.Http;

/// <summary>
/// Vendor health from the circuit breakers of the vendors' HTTP pipelines: a vendor whose circuit is
/// open (or isolated) is out of routing and shows <c>unavailable</c> in <c>capabilities</c> until a
/// half-open trial call succeeds.
/// </summary>
internal sealed class VendorCircuitHealth : IVendorHealth
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> _circuits = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The state provider the vendor's pipeline reports to (one per vendor).</summary>
    public CircuitBreakerStateProvider For(string vendor) => _circuits.GetOrAdd(vendor, _ => new CircuitBreakerStateProvider());

    public bool IsHealthy(string vendor)
        => !_circuits.TryGetValue(vendor, out var circuit) || circuit.CircuitState is CircuitState.Closed or CircuitState.HalfOpen;
}
