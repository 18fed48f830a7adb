using System.Net;
using System.Net.Http.Headers;
using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Veo;

internal sealed partial class VeoVendor
{
    /// <summary>
    /// The host's outbound client for caller URLs (<c>WebhookSender.HttpClientName</c> in the server): its
    /// connect callback refuses private addresses unless <c>Reelgate:Network:AllowPrivateAddresses</c>,
    /// and it does not follow redirects, so each hop below is checked again.
    /// </summary>
    private const string CallerUrlClientName = "reelgate-webhooks";
    private const long MaxReferenceImageBytes = 10 * 1024 * 1024;
    private const int MaxReferenceImageRedirects = 3;

    /// <summary>
    /// Downloads the caller's reference image: the Gemini API takes image bytes only (<c>gcsUri</c> is
    /// Vertex's). Every way it can fail is the caller's input, so it fails the job without fall-through.
    /// </summary>
    private async Task<VeoImage> FetchReferenceImageAsync(string jobId, string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw Unusable("its URL is not an absolute http(s) URL");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var http = httpClients.CreateClient(CallerUrlClientName);
        for (var hop = 0; ; hop++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, uri);
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw Unusable("it could not be fetched (" + ex.Message + ")", ex);
            }

            using (response)
            {
                if (response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
                        or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect
                    && response.Headers.Location is { } location)
                {
                    if (hop >= MaxReferenceImageRedirects)
                    {
                        throw Unusable("it redirected too often");
                    }

                    uri = new Uri(uri, location);
                    if (uri.Scheme is not ("https" or "http"))
                    {
                        throw Unusable("it redirected to a non-HTTP location");
                    }

                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw Unusable($"its URL answered {(int)response.StatusCode}");
                }

                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (mediaType is null || !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                {
                    throw Unusable($"its URL answered {mediaType ?? "no content type"}, not an image");
                }

                if (response.Content.Headers.ContentLength > MaxReferenceImageBytes)
                {
                    throw Unusable("it is larger than 10 MB");
                }

                var bytes = await ReadCappedAsync(response.Content, timeout.Token) ?? throw Unusable("it is larger than 10 MB");
                Log.ReferenceImageFetched(log, jobId, bytes.Length, mediaType);
                return new VeoImage { BytesBase64Encoded = Convert.ToBase64String(bytes), MimeType = mediaType.ToLowerInvariant() };
            }
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
            if (buffer.Length + read > MaxReferenceImageBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static VendorException Unusable(string why, Exception? innerException = null)
        => new(new VendorFailure(VeoFailures.ReferenceImageUnusable, $"The reference image cannot be used: {why}.", IsVendorFault: false), innerException: innerException);
}
