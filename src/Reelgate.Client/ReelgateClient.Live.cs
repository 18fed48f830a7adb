using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Reelgate.Contracts.Serialization;
using Reelgate.Contracts.Video;

namespace Reelgate.Client;

public sealed partial class ReelgateClient
{
    private const int MaxWaitSeconds = 60;

    /// <summary>Each long poll of <see cref="WaitForCompletionAsync"/> when the event stream is cut: under common proxy idle timeouts.</summary>
    private static readonly TimeSpan FallbackWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads the Server-Sent Events of a job (<c>GET /v1/video/events/{id}</c>) over one connection, until the
    /// server ends the stream (it does once the job is terminal).
    /// </summary>
    /// <param name="id">The job id.</param>
    /// <param name="lastEventId">The <see cref="VideoJobEvent.Id"/> of the last event seen, to get only what changed since.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events; each carries the job's short view.</returns>
    public async IAsyncEnumerable<VideoJobEvent> StreamEventsAsync(string id, string? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"v1/video/events/{Uri.EscapeDataString(id)}");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (lastEventId is not null)
                {
                    request.Headers.Add("Last-Event-ID", lastEventId);
                }

                return request;
            },
            retryable: true,
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? eventId = null;
        string? eventName = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                // A blank line dispatches the event (comments and id-only blocks carry no data).
                if (data.Length > 0)
                {
                    var job = JsonSerializer.Deserialize(data.ToString(), ReelgateJsonContext.Default.VideoJob)
                        ?? throw new JsonException("An event of the job stream had empty data.");
                    yield return new VideoJobEvent(eventId, eventName ?? "message", job);
                }

                eventName = null;
                data.Clear();
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "id":
                    eventId = value;
                    break;
                case "event":
                    eventName = value;
                    break;
                case "data":
                    if (data.Length > 0)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    break;
                default:
                    // "retry" and unknown fields are ignored, as the SSE specification says.
                    break;
            }
        }
    }

    /// <summary>
    /// Waits until a job is terminal (succeeded, failed, canceled or expired), reporting every change. It follows
    /// the job's event stream and, if the stream is cut, resumes with <c>status?wait=</c> long polls and a
    /// reconnect with <c>Last-Event-ID</c>: the server wakes it on each change, it never polls in a tight loop.
    /// </summary>
    /// <param name="id">The job id.</param>
    /// <param name="progress">Receives the job's short view on every change (state and progress).</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    /// <returns>The job in its terminal state; check <see cref="VideoJob.State"/> and <see cref="VideoJob.Error"/>.</returns>
    public async Task<VideoJob> WaitForCompletionAsync(string id, IProgress<VideoJob>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        string? lastEventId = null;
        while (true)
        {
            try
            {
                await foreach (var update in StreamEventsAsync(id, lastEventId, cancellationToken).ConfigureAwait(false))
                {
                    lastEventId = update.Id ?? lastEventId;
                    progress?.Report(update.Job);
                    if (update.Job.State.IsTerminal())
                    {
                        return update.Job;
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // The stream broke mid-way; the long poll below both waits and tells whether the gateway is reachable.
            }

            // The stream ended without a terminal event (a proxy cut it, the gateway restarted): an event-driven long
            // poll bridges the gap and surfaces NOT_FOUND if the job was deleted meanwhile.
            var status = await GetStatusAsync(id, FallbackWait, cancellationToken).ConfigureAwait(false);
            progress?.Report(status);
            if (status.State.IsTerminal())
            {
                return status;
            }
        }
    }

    /// <summary>
    /// Downloads a succeeded job's MP4 into <paramref name="destination"/>: asks for a signed
    /// <c>download_url</c>, then streams the file.
    /// </summary>
    /// <param name="id">The job id.</param>
    /// <param name="destination">Where the bytes go; it is not closed.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    public async Task<long> DownloadVideoAsync(string id, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(destination);
        var link = await GetDownloadUrlAsync(id, expiresIn: null, cancellationToken).ConfigureAwait(false);
        var url = new Uri(link.Url, UriKind.RelativeOrAbsolute);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, url),
            retryable: true,
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var copied = 0L;
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                copied += read;
            }

            return copied;
        }
    }
}
