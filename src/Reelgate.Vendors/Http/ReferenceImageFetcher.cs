using System.Globalization;
using System.Net.Http.Headers;
using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Http;

/// <summary>
/// Downloads a caller's <c>reference_image_url</c> for vendors that need the bytes rather than the
/// URL. It goes through the host's outbound client for caller URLs, whose connect callback refuses
/// private addresses unless <c>Reelgate:Network:AllowPrivateAddresses</c>; that client follows no
/// redirects, so each hop is followed here and checked again on connect.
/// </summary>
internal sealed class ReferenceImageFetcher(IHttpClientFactory httpClients)
{
    private const int MaxRedirects = 3;

    /// <summary>
    /// The image's bytes and media type. Every way this fails is the caller's input, so it throws
    /// <see cref="ReferenceImageUnusableException"/> with a reason each adapter words as its own failure.
    /// </summary>
    public async Task<ReferenceImage> FetchAsync(string url, long maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ReferenceImageUnusableException("its URL is not an absolute http(s) URL");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var http = httpClients.CreateClient(IOutboundUrlPolicy.HttpClientName);
        for (var hop = 0; ; hop++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, uri);
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new ReferenceImageUnusableException($"it could not be fetched ({ex.Message})", ex);
            }

            using (response)
            {
                if (VendorHttp.IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop >= MaxRedirects)
                    {
                        throw new ReferenceImageUnusableException("it redirected too often");
                    }

                    uri = new Uri(uri, location);
                    if (uri.Scheme is not ("https" or "http"))
                    {
                        throw new ReferenceImageUnusableException("it redirected to a non-HTTP location");
                    }

                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new ReferenceImageUnusableException($"its URL answered {(int)response.StatusCode}");
                }

                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (mediaType is null || !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ReferenceImageUnusableException($"its URL answered {mediaType ?? "no content type"}, not an image");
                }

                if (response.Content.Headers.ContentLength > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                var bytes = await ReadCappedAsync(response.Content, maxBytes, deadline.Token) ?? throw TooLarge(maxBytes);
                return new ReferenceImage(bytes, mediaType.ToLowerInvariant());
            }
        }
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ReferenceImageUnusableException TooLarge(long maxBytes)
        => new(string.Create(CultureInfo.InvariantCulture, $"it is larger than the {maxBytes:N0} bytes this vendor takes"));
}

/// <summary>A fetched reference image.</summary>
internal sealed record ReferenceImage(byte[] Bytes, string MediaType)
{
    public string Base64 => Convert.ToBase64String(Bytes);
}

/// <summary>Why a caller's reference image cannot be used; the message completes "The reference image cannot be used: …".</summary>
internal sealed class ReferenceImageUnusableException(string why, Exception? innerException = null) : Exception(why, innerException);
