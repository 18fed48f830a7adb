using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Runway;

/// <summary>
/// Turns a caller's <c>reference_image_url</c> into Runway's <c>promptImage</c>. Runway fetches only
/// HTTPS URLs on a domain name (no IP literals, no redirects); any other URL is fetched here, through
/// the gateway's outbound client that enforces the private-address policy, and sent inline as a
/// <c>data:</c> URI within Runway's 5 MB data-URI limit.
/// </summary>
internal sealed class RunwayReferenceImages(IHttpClientFactory httpClients)
{
    /// <summary>The gateway's policed outbound client (registered by the server for webhooks and caller URLs).</summary>
    public const string OutboundClientName = "reelgate-webhooks";

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
        var url = new Uri(referenceImageUrl, UriKind.Absolute);
        if (RunwayFetchesItself(url))
        {
            return referenceImageUrl;
        }

        var http = httpClients.CreateClient(OutboundClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Any vendor would have to fetch it too, so this is the request's problem.
            throw Refused($"the reference image could not be fetched: {ex.Message}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw Refused($"fetching the reference image answered {(int)response.StatusCode}");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is null || !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                throw Refused($"the reference image is not an image (Content-Type {mediaType ?? "missing"})");
            }

            if (response.Content.Headers.ContentLength > MaxImageBytes)
            {
                throw TooLarge();
            }

            var bytes = await ReadCappedAsync(response.Content, cancellationToken) ?? throw TooLarge();
            return $"data:{mediaType.ToLowerInvariant()};base64,{Convert.ToBase64String(bytes)}";
        }
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxImageBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static VendorException TooLarge()
        => Refused("the reference image is larger than Runway's 5 MB inline limit allows");

    private static VendorException Refused(string why)
        => new(new VendorFailure(VendorFailureCodes.InvalidRequest, $"Runway cannot use the reference image: {why}.", IsVendorFault: false));
}
