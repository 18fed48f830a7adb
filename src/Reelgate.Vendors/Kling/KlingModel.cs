using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Vendors.Kling;

/// <summary>
/// One Kling model as the adapter knows it. Kling's <c>mode</c> picks the resolution: <c>std</c> renders
/// 720p and <c>pro</c> 1080p, so a model offers 720p when it has a std price and 1080p when it has a
/// pro price. Prices are per second in micro-USD.
/// </summary>
internal sealed record KlingModel(
    string Name,
    IReadOnlyList<int> Durations,
    long? StdMicrosPerSecond,
    long? ProMicrosPerSecond,
    bool CanAddSound,
    int QualityRank)
{
    public const string StdMode = "std";
    public const string ProMode = "pro";

    public static string ModeFor(Resolution resolution) => resolution == Resolution.P1080 ? ProMode : StdMode;

    public VendorModel ToVendorModel(string vendor, decimal? flatPricePerSecondUsd)
    {
        var flat = flatPricePerSecondUsd is { } usd ? (long)decimal.Round(usd * 1_000_000m) : (long?)null;
        var prices = new Dictionary<Resolution, long>();
        if (StdMicrosPerSecond is { } std)
        {
            prices[Resolution.P720] = flat ?? std;
        }

        if (ProMicrosPerSecond is { } pro)
        {
            prices[Resolution.P1080] = flat ?? pro;
        }

        return new VendorModel
        {
            Vendor = vendor,
            Model = Name,
            Resolutions = [.. prices.Keys.Order()],
            Durations = Durations,
            Aspects = [Aspect.Landscape, Aspect.Portrait, Aspect.Square],

            // Every text-to-video model is also an image-to-video model. Kling's image-to-video output
            // follows the image's aspect (it takes no aspect_ratio), so the image must have the ordered one.
            SupportsReferenceImage = true,
            QualityRank = QualityRank,
            PricePerSecondMicros = prices,
        };
    }
}
