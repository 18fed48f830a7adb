using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Vendors.Luma;

/// <summary>
/// The Dream Machine models we route to and how our formats map onto Luma's strings
/// (docs/vendors/luma.md): <c>resolution</c> is our class name (<c>720p</c>, <c>1080p</c>, <c>4k</c>),
/// <c>aspect_ratio</c> is ours verbatim, <c>duration</c> is <c>5s</c> or <c>9s</c>.
/// </summary>
/// <remarks>
/// Quality ranks (the local renderer is 10; Runway's gen4.5 is 90): ray-2 70, Luma's Dream Machine
/// flagship (January 2025); ray-flash-2 60, its faster distilled sibling at about a third of the
/// price; ray-1-6 40, the previous generation. Luma's newer ray-3 family lives on the separate Agents
/// API, which this adapter does not speak.
/// <para>
/// Prices are the per-clip list prices noted from Comfy's pricing table, per second (UNCONFIRMED: Luma
/// no longer publishes Dream Machine rates); ray-flash-2 below 4k is derived from its 4k ratio. 540p
/// is not one of our classes, so it is never asked for. 4k is declared as Luma's create accepts it;
/// whether it is rendered natively or upscaled is an open question in the notes.
/// ray-1-6 takes no <c>resolution</c> or <c>duration</c> (they came with ray-2), so it declares only
/// what it renders: 720p, 5 s. No model announces a deprecation date yet.
/// </para>
/// </remarks>
internal static class LumaCatalog
{
    public const string Ray2 = "ray-2";
    public const string RayFlash2 = "ray-flash-2";
    public const string Ray16 = "ray-1-6";

    public static IReadOnlyList<VendorModel> Create(LumaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Aspect[] aspects = [Aspect.Landscape, Aspect.Portrait, Aspect.Square];
        return
        [
            Model(Ray2, 70, [5, 9], aspects, options.PricePerSecondUsd, extends: true, new()
            {
                [Resolution.P720] = 142_000,
                [Resolution.P1080] = 318_000,
                [Resolution.K4] = 1_274_000,
            }),
            Model(RayFlash2, 60, [5, 9], aspects, options.PricePerSecondUsd, extends: true, new()
            {
                [Resolution.P720] = 49_000,
                [Resolution.P1080] = 109_000,
                [Resolution.K4] = 438_000,
            }),
            Model(Ray16, 40, [5], aspects, options.PricePerSecondUsd, extends: false, new()
            {
                [Resolution.P720] = 70_000,
            }),
        ];
    }

    /// <summary>Whether the model takes <c>resolution</c> and <c>duration</c> (ray-1-6 predates both).</summary>
    public static bool TakesResolutionAndDuration(string model) => !string.Equals(model, Ray16, StringComparison.Ordinal);

    public static string ResolutionName(Resolution resolution) => resolution switch
    {
        Resolution.P720 => "720p",
        Resolution.P1080 => "1080p",
        Resolution.K4 => "4k",
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };

    public static string AspectName(Aspect aspect) => aspect switch
    {
        Aspect.Landscape => "16:9",
        Aspect.Portrait => "9:16",
        Aspect.Square => "1:1",
        _ => throw new ArgumentOutOfRangeException(nameof(aspect), aspect, null),
    };

    public static string DurationName(int seconds) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds}s");

    private static VendorModel Model(string name, int rank, int[] durations, Aspect[] aspects, decimal? flatUsd, bool extends, Dictionary<Resolution, long> prices)
    {
        if (flatUsd is { } flat)
        {
            var micros = (long)decimal.Round(flat * 1_000_000m);
            prices = prices.Keys.ToDictionary(r => r, _ => micros);
        }

        return new VendorModel
        {
            Vendor = LumaVendor.VendorName,
            Model = name,
            Resolutions = [.. prices.Keys.Order()],
            Durations = durations,
            Aspects = aspects,
            SupportsReferenceImage = true,

            // Extend is a new create whose frame0 is the earlier generation; upscale is POST /generations/{id}/upscale (ray-2 family).
            SupportsExtend = extends,
            SupportsUpscale = extends,
            QualityRank = rank,
            PricePerSecondMicros = prices,
        };
    }
}
