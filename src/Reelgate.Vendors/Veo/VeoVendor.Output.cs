using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Veo;

internal sealed partial class VeoVendor
{
    private const int MaxRedirects = 5;

    /// <summary>Where inline (base64) videos are written for the ingestor, one folder per job; it moves the file out.</summary>
    private static readonly string InlineDirectory = Path.Combine(Path.GetTempPath(), "reelgate-veo");

    /// <summary>
    /// Streams a Veo file link (<c>…/files/{id}:download?alt=media</c>), which needs the API key. Redirects
    /// are followed here, and the key goes only to Veo's own host, never to where a link redirects.
    /// </summary>
    public async Task<Stream> OpenOutputAsync(VendorOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.LocalPath is { } local)
        {
            var path = Path.GetFullPath(local);
            if (!path.StartsWith(InlineDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ArgumentException("The output is not a file of the Veo adapter.", nameof(output));
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }

        var uri = output.Url ?? throw new ArgumentException("The output has neither a URL nor a file.", nameof(output));
        var http = Http();
        for (var hop = 0; ; hop++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, uri);
            if (IsVeoHost(uri))
            {
                AddApiKey(message);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or IOException
                                           || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new VendorException(new VendorFailure(JobFailureCodes.Unavailable, $"Veo's output could not be fetched: {ex.Message}", IsVendorFault: true), innerException: ex);
            }

            if (VendorHttp.IsRedirect(response.StatusCode) && response.Headers.Location is { } location && hop < MaxRedirects)
            {
                response.Dispose();
                var next = new Uri(uri, location);
                if (next.Scheme is not ("https" or "http"))
                {
                    break;
                }

                if (!IsVeoHost(next))
                {
                    Log.DownloadRedirected(log);
                }

                uri = next;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                response.Dispose();
                throw new VendorException(new VendorFailure(JobFailureCodes.VendorBadOutput, $"Veo's output link answered {status}.", IsVendorFault: true));
            }

            // Disposing the content stream releases the connection; the response holds nothing else.
            return await response.Content.ReadAsStreamAsync(cancellationToken);
        }

        throw new VendorException(new VendorFailure(JobFailureCodes.VendorBadOutput, "Veo's output link redirected too often or to a non-HTTP location.", IsVendorFault: true));
    }

    private bool IsVeoHost(Uri uri)
        => string.Equals(uri.Scheme, _apiBase.Scheme, StringComparison.OrdinalIgnoreCase)
           && string.Equals(uri.IdnHost, _apiBase.IdnHost, StringComparison.OrdinalIgnoreCase)
           && uri.Port == _apiBase.Port;

    /// <summary>Writes a video Google answered inline; null when it is not base64.</summary>
    private async Task<string?> WriteInlineVideoAsync(string jobId, string base64, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }

        if (string.IsNullOrEmpty(jobId) || jobId is "." or ".." || jobId.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"'{jobId}' cannot be a folder name.", nameof(jobId));
        }

        var directory = Path.Combine(InlineDirectory, jobId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "video.mp4");
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        Log.InlineVideoWritten(log, jobId, bytes.Length);
        return path;
    }
}
