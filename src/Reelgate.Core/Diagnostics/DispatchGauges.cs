using System.Diagnostics.Metrics;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Routing;

namespace Reelgate.Core.Diagnostics;

/// <summary>
/// Gauges of this node's dispatch state on the <c>Reelgate</c> meter, read when metrics are
/// collected (a scrape), so they cost nothing between scrapes.
/// </summary>
public sealed class DispatchGauges
{
    public DispatchGauges(IMeterFactory meterFactory, ActiveJobs activeJobs, VendorRegistry vendors, IVendorHealth health)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(activeJobs);
        ArgumentNullException.ThrowIfNull(vendors);
        ArgumentNullException.ThrowIfNull(health);
        var meter = meterFactory.Create(ReelgateMetrics.MeterName);
        meter.CreateObservableUpDownCounter("reelgate.jobs.active", () => activeJobs.Count, "{job}", "Jobs this node's dispatcher is running now.");
        meter.CreateObservableGauge(
            "reelgate.vendor.available",
            () => vendors.Vendors.Select(v => new Measurement<int>(health.IsHealthy(v.Name) ? 1 : 0, new KeyValuePair<string, object?>("vendor", v.Name))),
            "{vendor}",
            "1 while an enabled vendor takes new work, 0 while its circuit is open.");
    }
}
