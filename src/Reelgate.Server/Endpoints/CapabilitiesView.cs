using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Server.Endpoints;

/// <summary>Builds the <c>capabilities</c> answer from the enabled vendors' model declarations.</summary>
internal static class CapabilitiesView
{
    public static VideoCapabilities Build(VendorRegistry vendors, IVendorHealth health)
    {
        var entries = vendors.Catalog.Models
            .GroupBy(m => m.Vendor, StringComparer.OrdinalIgnoreCase)
            .Select(g => new VendorCapability
            {
                Vendor = g.Key,
                Models = [.. g.Select(m => m.Model)],
                Resolutions = [.. g.SelectMany(m => m.Resolutions).Distinct().Order().Select(r => r.Name())],
                MaxDurationSeconds = g.Max(m => m.Durations.Max()),
                SupportsExtend = g.Any(m => m.SupportsExtend),
                SupportsUpscale = g.Any(m => m.SupportsUpscale),
                Health = health.IsHealthy(g.Key) ? "healthy" : "unavailable",
                ModelDetails = [.. g.Select(Model)],
            })
            .ToList();
        return new VideoCapabilities(entries);
    }

    private static ModelCapability Model(VendorModel model) => new()
    {
        Model = model.Model,
        Resolutions = [.. model.Resolutions.Select(r => r.Name())],
        Durations = [.. model.Durations.Order()],
        DurationsByResolution = model.DurationsByResolution?.OrderBy(d => d.Key).ToDictionary(d => d.Key.Name(), d => (IReadOnlyList<int>)[.. d.Value.Order()]),
        Aspects = [.. model.Aspects.Select(a => a.Name())],
        SupportsReferenceImage = model.SupportsReferenceImage,
        SupportsExtend = model.SupportsExtend,
        SupportsUpscale = model.SupportsUpscale,
        QualityRank = model.QualityRank,
        PricePerSecondUsd = model.PricePerSecondMicros.OrderBy(p => p.Key).ToDictionary(p => p.Key.Name(), p => Money.ToUsd(p.Value)),
        DeprecatedAfter = model.DeprecatedAfter,
        RemovedAfter = model.RemovedAfter,
    };
}
