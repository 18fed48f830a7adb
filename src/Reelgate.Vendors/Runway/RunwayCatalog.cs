using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Vendors.Runway;

/// <summary>
/// The Runway models we route to and how our formats map onto Runway's <c>ratio</c> strings
/// (docs/vendors/runway.md). Output size follows <c>ratio</c>: 1280:720 is 720p, 1920:1080 is 1080p.
/// </summary>
/// <remarks>
/// Quality ranks follow the one cross-vendor scale of docs/ARCHITECTURE.md ("Quality ranks"):
/// veo3.1 95 (the same model as Google's own), gen4.5 92, veo3.1_fast 85, veo3 75.
/// <para>
/// Left out on purpose: <c>gen4_turbo</c> renders only from an image, and a model cannot declare
/// "reference image required", so it would be chosen for text-only jobs it must refuse. Square
/// output is not declared: Runway's only square ratio is 960:960 (gen4.5 from an image), not
/// our 720x720 or 1080x1080.
/// </para>
/// </remarks>
internal static class RunwayCatalog
{
    public const string Gen45 = "gen4.5";
    public const string Veo31 = "veo3.1";
    public const string Veo31Fast = "veo3.1_fast";
    public const string Veo3 = "veo3";

    /// <summary>One credit costs $0.01.</summary>
    private const long MicrosPerCredit = 10_000;

    /// <summary>promptText limit, in UTF-16 code units.</summary>
    public const int MaxPromptLength = 1000;

    public static IReadOnlyList<VendorModel> Create(RunwayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Resolution[] hd = [Resolution.P720];
        Resolution[] fullHd = [Resolution.P720, Resolution.P1080];
        return
        [
            Model(Gen45, qualityRank: 92, [.. Enumerable.Range(2, 9)], hd, creditsPerSecond: 12, options.PricePerSecondUsd),
            Model(Veo31, qualityRank: 95, [4, 6, 8], fullHd, creditsPerSecond: options.Audio ? 40 : 20, options.PricePerSecondUsd),
            Model(Veo31Fast, qualityRank: 85, [4, 6, 8], fullHd, creditsPerSecond: options.Audio ? 15 : 10, options.PricePerSecondUsd),
            Model(Veo3, qualityRank: 75, [8], fullHd, creditsPerSecond: 40, options.PricePerSecondUsd),
        ];
    }

    /// <summary>Whether the model takes (and is priced by) the <c>audio</c> switch.</summary>
    public static bool TakesAudio(string model) => model is Veo31 or Veo31Fast;

    /// <summary>Runway's <c>ratio</c> for a size our catalog declares.</summary>
    public static string Ratio(Resolution resolution, Aspect aspect) => (resolution, aspect) switch
    {
        (Resolution.P720, Aspect.Landscape) => "1280:720",
        (Resolution.P720, Aspect.Portrait) => "720:1280",
        (Resolution.P1080, Aspect.Landscape) => "1920:1080",
        (Resolution.P1080, Aspect.Portrait) => "1080:1920",
        _ => throw new ArgumentException($"Runway has no ratio for {resolution.Name()} {aspect.Name()}."),
    };

    private static VendorModel Model(string id, int qualityRank, int[] durations, Resolution[] resolutions, int creditsPerSecond, decimal? flatUsd)
    {
        var micros = flatUsd is { } usd ? (long)decimal.Round(usd * 1_000_000m) : creditsPerSecond * MicrosPerCredit;
        return new VendorModel
        {
            Vendor = RunwayVendor.VendorName,
            Model = id,
            Resolutions = resolutions,
            Durations = durations,
            Aspects = [Aspect.Landscape, Aspect.Portrait],
            SupportsReferenceImage = true,
            QualityRank = qualityRank,
            // Runway charges per second whatever the ratio.
            PricePerSecondMicros = resolutions.ToDictionary(r => r, _ => micros),
        };
    }
}
