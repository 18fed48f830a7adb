using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Veo;

/// <summary>
/// Google Veo through the Gemini API, bound from <c>Reelgate:Vendors:Veo</c>. Besides the shared
/// settings of <see cref="VendorHttpOptions"/>, Veo changes two defaults:
/// <see cref="VendorHttpOptions.BaseUrl"/> (<value>The default value is <c>https://generativelanguage.googleapis.com/</c>;
/// the adapter adds the API version <c>v1beta/</c>.</value>) and
/// <see cref="VendorHttpOptions.PollInterval"/> (<value>The default value is 10 seconds, the interval of
/// Google's own samples: a Veo job takes one to several minutes.</value>).
/// </summary>
internal sealed class VeoOptions : VendorHttpOptions
{
    public const string ConfigurationName = "Veo";
    public const string SectionName = "Reelgate:Vendors:" + ConfigurationName;
    public const string DefaultBaseUrl = "https://generativelanguage.googleapis.com/";

    public VeoOptions()
    {
        BaseUrl = DefaultBaseUrl;
        PollInterval = TimeSpan.FromSeconds(10);
    }
}
