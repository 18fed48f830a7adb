using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Kling;

/// <summary>
/// The Kling (Kuaishou) adapter, bound from <c>Reelgate:Vendors:Kling</c>. Kling signs no API key: the
/// adapter mints a short-lived JWT from <see cref="VendorHttpOptions.AccessKey"/> and
/// <see cref="VendorHttpOptions.SecretKey"/>, so both are required (an <c>ApiKey</c> alone is refused at start).
/// </summary>
public sealed class KlingOptions : VendorHttpOptions
{
    public const string SectionName = "Reelgate:Vendors:Kling";

    /// <summary>Kling's global API host (it replaced <c>https://api.klingai.com</c> for servers outside China).</summary>
    public const string DefaultBaseUrl = "https://api-singapore.klingai.com";

    /// <summary>
    /// Sets Kling's defaults over the shared ones.
    /// <see cref="VendorHttpOptions.BaseUrl"/>: the default value is <see cref="DefaultBaseUrl"/>.
    /// <see cref="VendorHttpOptions.PollInterval"/>: the default value is 10 seconds (a clip takes minutes;
    /// query calls use no concurrency slot but are still requests against the account).
    /// </summary>
    public KlingOptions()
    {
        BaseUrl = DefaultBaseUrl;
        PollInterval = TimeSpan.FromSeconds(10);
    }
}
