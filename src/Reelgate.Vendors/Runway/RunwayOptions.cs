using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Runway;

/// <summary>
/// Runway's developer API, bound from <c>Reelgate:Vendors:Runway</c>. Besides the common settings,
/// <see cref="VendorHttpOptions.BaseUrl"/> defaults to <see cref="DefaultBaseUrl"/> and
/// <see cref="VendorHttpOptions.PollInterval"/> to 6 seconds: Runway asks clients to poll no faster
/// than every 5 s, and its own SDK waits about 6 s.
/// </summary>
internal sealed class RunwayOptions : VendorHttpOptions
{
    public const string DefaultBaseUrl = "https://api.dev.runwayml.com";

    public RunwayOptions()
    {
        BaseUrl = DefaultBaseUrl;
        PollInterval = TimeSpan.FromSeconds(6);
    }

    /// <summary>
    /// Whether the Veo 3.1 models are asked for a soundtrack. Runway prices them by it
    /// (veo3.1 40 or 20 credits/s, veo3.1_fast 15 or 10), and the published prices follow this switch.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Audio { get; set; } = true;
}
