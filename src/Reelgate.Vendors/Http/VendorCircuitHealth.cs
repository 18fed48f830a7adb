using System.Collections.Concurrent;
using Polly.CircuitBreaker;
using Reelgate.Core.Routing;

namespace Reelgate.Vendors.Http;

/// <summary>
/// Vendor health from the circuit breakers of the vendors' HTTP pipelines: a vendor whose circuit is
/// open is out of routing and shows <c>unavailable</c> in <c>capabilities</c>. Once the break has
/// lasted its duration the vendor counts as healthy again, so the next routed job makes the
/// half-open trial call (a circuit only leaves Open on a call, and routing would otherwise never
/// send one).
/// </summary>
internal sealed class VendorCircuitHealth(TimeProvider time) : IVendorHealth
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> _circuits = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _brokenUntil = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The state provider the vendor's pipeline reports to (one per vendor).</summary>
    public CircuitBreakerStateProvider For(string vendor) => _circuits.GetOrAdd(vendor, _ => new CircuitBreakerStateProvider());

    /// <summary>Called by the pipeline when the vendor's circuit opens.</summary>
    public void Opened(string vendor, TimeSpan breakDuration) => _brokenUntil[vendor] = time.GetUtcNow() + breakDuration;

    public bool IsHealthy(string vendor)
    {
        if (!_circuits.TryGetValue(vendor, out var circuit) || circuit.CircuitState is CircuitState.Closed or CircuitState.HalfOpen)
        {
            return true;
        }

        return circuit.CircuitState == CircuitState.Open
               && _brokenUntil.TryGetValue(vendor, out var until)
               && time.GetUtcNow() >= until;
    }
}
