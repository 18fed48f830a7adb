using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Vendors.Veo;

/// <summary>
/// Veo's models on the Gemini API (docs/vendors/veo.md). Quality ranks follow the cross-vendor scale of
/// docs/ARCHITECTURE.md: Veo 3.1 (95) > 3.1 Fast (85) > 3.1 Lite (75) > 3.0 (65) > 3.0 Fast (55) > Veo 2 (45). Every model renders 16:9 and 9:16 only (no 1:1), with audio
/// on 3.x. Prices are ai.google.dev/gemini-api/docs/pricing (2026-09), per second, "only charged if your
/// video is successfully generated".
/// </summary>
internal static class VeoModels
{
    private static readonly int[] FourSixEight = [4, 6, 8];

    public static readonly IReadOnlyList<VeoModelSpec> All =
    [
        new("veo-3.1-generate-preview", 95, Prices(400_000, 400_000, 600_000), FourSixEight, SendsResolution: true, [Resolution.P1080, Resolution.K4]),
        new("veo-3.1-fast-generate-preview", 85, Prices(100_000, 120_000, 300_000), FourSixEight, SendsResolution: true, [Resolution.P1080, Resolution.K4]),

        // Listed under "Model versions" of ai.google.dev/gemini-api/docs/veo (2026-09): 720p/1080p, no 4k.
        new("veo-3.1-lite-generate-preview", 75, Prices(50_000, 80_000), FourSixEight, SendsResolution: true, [Resolution.P1080]),

        // Shut down on the Gemini API after 2026-06-30 (ai.google.dev/gemini-api/docs/deprecations); kept so
        // capabilities show the date. 3.0 Fast's date is UNCONFIRMED: assumed to be 3.0's, as both left the docs together.
        new("veo-3.0-generate-001", 65, Prices(400_000, 400_000), FourSixEight, SendsResolution: true, [Resolution.P1080]) { RemovedAfter = new DateOnly(2026, 6, 30) },
        new("veo-3.0-fast-generate-001", 55, Prices(150_000, 150_000), FourSixEight, SendsResolution: true, [Resolution.P1080]) { RemovedAfter = new DateOnly(2026, 6, 30) },

        // 5–8 s at 720p, no audio; no shutdown date seen (UNCONFIRMED whether the Gemini API still serves it).
        new("veo-2.0-generate-001", 45, Prices(350_000), [5, 6, 7, 8], SendsResolution: false, []),
    ];

    public static VeoModelSpec? Find(string id) => All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));

    /// <summary>The router's view; <paramref name="flatPricePerSecondUsd"/> (the <c>PricePerSecondUsd</c> option) replaces every price.</summary>
    public static IReadOnlyList<VendorModel> Declare(string vendor, decimal? flatPricePerSecondUsd)
    {
        long? flat = flatPricePerSecondUsd is { } usd ? (long)decimal.Round(usd * 1_000_000m) : null;
        return
        [
            .. All.Select(m => new VendorModel
            {
                Vendor = vendor,
                Model = m.Id,
                Resolutions = [.. m.PriceMicros.Keys.Order()],
                Durations = m.Durations,
                DurationsByResolution = m.EightSecondsOnly.Count == 0 ? null : m.EightSecondsOnly.ToDictionary(r => r, IReadOnlyList<int> (_) => [8]),
                Aspects = [Aspect.Landscape, Aspect.Portrait],

                // The first frame (instances[0].image); every Veo model does image-to-video.
                SupportsReferenceImage = true,
                QualityRank = m.QualityRank,
                PricePerSecondMicros = m.PriceMicros.ToDictionary(p => p.Key, p => flat ?? p.Value),
                DeprecatedAfter = m.DeprecatedAfter,
                RemovedAfter = m.RemovedAfter,
            }),
        ];
    }

    private static Dictionary<Resolution, long> Prices(long p720, long? p1080 = null, long? p4k = null)
    {
        var prices = new Dictionary<Resolution, long> { [Resolution.P720] = p720 };
        if (p1080 is { } full)
        {
            prices[Resolution.P1080] = full;
        }

        if (p4k is { } uhd)
        {
            prices[Resolution.K4] = uhd;
        }

        return prices;
    }
}
