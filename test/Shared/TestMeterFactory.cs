using System.Diagnostics.Metrics;

namespace Reelgate.Testing;

/// <summary>
/// A meter factory of its own per test, so a <c>MetricCollector</c> scoped to it sees only that
/// test's measurements (meters of other tests share the name "Reelgate" but not the scope).
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
            _meters.Clear();
        }
    }
}
