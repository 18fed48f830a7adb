using System.ComponentModel.DataAnnotations;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Luma;

/// <summary>
/// Luma's Dream Machine API, bound from <c>Reelgate:Vendors:Luma</c>. Besides the common settings,
/// <see cref="VendorHttpOptions.BaseUrl"/> defaults to <see cref="DefaultBaseUrl"/> (the official SDKs'
/// base, path included). <see cref="VendorHttpOptions.PollInterval"/> keeps the common 5 seconds: a
/// generation takes one to a few minutes, and Luma's own examples poll every 3 s.
/// </summary>
internal sealed class LumaOptions : VendorHttpOptions
{
    public const string SectionName = "Reelgate:Vendors:Luma";
    public const string DefaultBaseUrl = "https://api.lumalabs.ai/dream-machine/v1";

    public LumaOptions()
    {
        BaseUrl = DefaultBaseUrl;
    }

    /// <summary>
    /// A URL Luma may POST each generation's state changes to (its <c>callback_url</c>). Setting it
    /// lets the gateway find a generation whose create answer was lost: every create carries this URL
    /// tagged with our job id and model, Luma echoes it in <c>request.callback_url</c>, and the gateway
    /// looks for it in <c>GET /generations</c> instead of failing the job as
    /// <c>VENDOR_OUTCOME_UNKNOWN</c>. The gateway polls and ignores the deliveries, so any endpoint that
    /// accepts POSTs will do.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (no callback, no lookup).</value>
    [Url]
    public string? CallbackUrl { get; set; }
}
