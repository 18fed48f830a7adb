using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Runway;

/// <summary>
/// Turns a caller's <c>reference_image_url</c> into Runway's <c>promptImage</c>. Runway fetches only
/// HTTPS URLs on a domain name (no IP literals, no redirects); any other URL is fetched here, through
/// the gateway's policed outbound client, and sent inline as a <c>data:</c> URI within Runway's 5 MB
/// data-URI limit.
/// </summary>
internal sealed class RunwayReferenceImages(ReferenceImageFetcher fetcher, IOptions<RunwayOptions> options)
{
    /// <summary>Runway's limit on a data URI; UNCONFIRMED whether "5 MB" means 10^6 or 2^20, so the smaller.</summary>
    private const int MaxDataUriChars = 5_000_000;

    /// <summary>Largest image that still fits once base64-encoded with its <c>data:</c> prefix.</summary>
    public const int MaxImageBytes = (MaxDataUriChars - 64) / 4 * 3;

    public static bool RunwayFetchesItself(Uri url)
        => url.Scheme == Uri.UriSchemeHttps && url.HostNameType == UriHostNameType.Dns && !url.IsLoopback;

    /// <summary>The URL itself when Runway can fetch it; otherwise the image inlined as a data URI.</summary>
    public async Task<string> PromptImageAsync(string referenceImageUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(referenceImageUrl);
        if (Uri.TryCreate(referenceImageUrl, UriKind.Absolute, out var url) && RunwayFetchesItself(url))
        {
            return referenceImageUrl;
        }

        try
        {
            var image = await fetcher.FetchAsync(referenceImageUrl, MaxImageBytes, options.Value.RequestTimeout, cancellationToken);
            return $"data:{image.MediaType};base64,{image.Base64}";
        }
        catch (ReferenceImageUnusableException ex)
        {
            // Any vendor would have to fetch it too, so this is the request's problem.
            throw new VendorException(
                new VendorFailure(JobFailureCodes.InvalidRequest, $"Runway cannot use the reference image: {ex.Message}.", IsVendorFault: false),
                innerException: ex);
        }
    }
}
