using System.Globalization;
using System.Net.Http.Json;
using Reelgate.Contracts.Serialization;
using Reelgate.Contracts.Video;

namespace Reelgate.Client;

/// <summary>
/// Typed client of a Reelgate gateway: one method per endpoint of <c>/v1/video</c>, <c>/v1/account</c> and the
/// webhook settings, plus <see cref="WaitForCompletionAsync"/> and <see cref="DownloadVideoAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// The <see cref="HttpClient"/> supplies the base address and the <c>Authorization</c> header: either register
/// the client with <c>services.AddReelgateClient(…)</c>, or pass an <see cref="HttpClient"/> configured by hand.
/// Errors of the gateway throw <see cref="ReelgateApiException"/> (or a subclass for 402, 404 and 429); network
/// failures throw <see cref="HttpRequestException"/>.
/// </para>
/// <para>
/// Retries: safe calls (reads, <c>delete</c>, the webhook <c>PUT</c>, and <c>generate</c>/<c>set_retention</c>
/// with an idempotency key) are retried after 429, 503 and network errors, honouring <c>Retry-After</c>,
/// at most <see cref="ReelgateClientOptions.MaxRetries"/> times. The policy is written by hand so that the
/// client depends on nothing beyond the BCL and Microsoft.Extensions.Http; add a resilience handler to the
/// <see cref="Microsoft.Extensions.DependencyInjection.IHttpClientBuilder"/> that <c>AddReelgateClient</c> returns for anything more.
/// </para>
/// </remarks>
public sealed partial class ReelgateClient
{
    private readonly HttpClient _http;
    private readonly ReelgateClientOptions _options;

    /// <summary>Creates a client over an <see cref="HttpClient"/> whose base address and auth header are set, with the default retry policy.</summary>
    /// <param name="httpClient">The HTTP client; its <see cref="HttpClient.BaseAddress"/> is the gateway.</param>
    public ReelgateClient(HttpClient httpClient)
        : this(httpClient, new ReelgateClientOptions())
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> with the retry settings of <paramref name="options"/>.</summary>
    /// <param name="httpClient">The HTTP client; its <see cref="HttpClient.BaseAddress"/> is the gateway.</param>
    /// <param name="options">Retry settings (<see cref="ReelgateClientOptions.BaseAddress"/> and <see cref="ReelgateClientOptions.ApiKey"/> are applied by <c>AddReelgateClient</c>, not here).</param>
    public ReelgateClient(HttpClient httpClient, ReelgateClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FirstRetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetryDelay, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        _http = httpClient;
        _options = options;
    }

    /// <summary>Starts a text-to-video job (<c>POST /v1/video/generate</c>); answers at once with the queued job.</summary>
    /// <param name="request">The job: at least <see cref="GenerateVideoRequest.Prompt"/>.</param>
    /// <param name="idempotencyKey">
    /// Sent as the <c>Idempotency-Key</c> header: a retry with the same key and request answers the same job.
    /// With a key (here or in the request) the call is retried after 429/503/network errors; without one it is not.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new (or, on a replay, the original) job.</returns>
    public async Task<VideoJob> GenerateAsync(GenerateVideoRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var retryable = idempotencyKey is not null || request.IdempotencyKey is not null;
        return await SendJsonAsync(
            () =>
            {
                var message = new HttpRequestMessage(HttpMethod.Post, "v1/video/generate")
                {
                    Content = JsonContent.Create(request, ReelgateJsonContext.Default.GenerateVideoRequest),
                };
                if (idempotencyKey is not null)
                {
                    message.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                return message;
            },
            retryable,
            ReelgateJsonContext.Default.VideoJob,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The short view of a job (<c>GET /v1/video/status/{id}</c>), optionally as a long poll.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="wait">
    /// When given, the server answers as soon as the job is terminal or after this long (whole seconds, at most 60)
    /// with its current state: an event-driven wait, not a polling loop.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    public Task<VideoJob> GetStatusAsync(string id, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var path = $"v1/video/status/{Uri.EscapeDataString(id)}";
        if (wait is { } w)
        {
            var seconds = (int)Math.Clamp(Math.Ceiling(w.TotalSeconds), 0, MaxWaitSeconds);
            path += "?wait=" + seconds.ToString(CultureInfo.InvariantCulture);
        }

        return GetJsonAsync(path, ReelgateJsonContext.Default.VideoJob, cancellationToken);
    }

    /// <summary>A job's full details (<c>GET /v1/video/get/{id}</c>).</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job with prompt, vendor, model, times, retention and cost.</returns>
    public Task<VideoJobDetails> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return GetJsonAsync($"v1/video/get/{Uri.EscapeDataString(id)}", ReelgateJsonContext.Default.VideoJobDetails, cancellationToken);
    }

    /// <summary>One page of the project's jobs, newest first (<c>GET /v1/video/list</c>).</summary>
    /// <param name="cursor">The previous page's <see cref="VideoJobPage.NextCursor"/>, or null for the first page.</param>
    /// <param name="limit">Page size, 1..100; null for the server's default (20).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<VideoJobPage> ListAsync(string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
        => GetJsonAsync(WithPaging("v1/video/list", cursor, limit), ReelgateJsonContext.Default.VideoJobPage, cancellationToken);

    /// <summary>Cancels a queued or running job (<c>POST /v1/video/cancel/{id}</c>).</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><c>ok: true</c> when it stopped the job; <c>ok: false</c> when the job had already ended.</returns>
    public Task<OkResponse> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);

        // Not retried: a second cancel after a lost answer would report ok:false for a job the first one stopped.
        return SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"v1/video/cancel/{Uri.EscapeDataString(id)}"),
            retryable: false,
            ReelgateJsonContext.Default.OkResponse,
            cancellationToken);
    }

    /// <summary>Deletes a job and its files (<c>DELETE /v1/video/delete/{id}</c>); a running job is cancelled first. Idempotent.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="idempotencyKey">Optional <c>Idempotency-Key</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><c>ok: true</c>.</returns>
    public Task<OkResponse> DeleteAsync(string id, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return SendJsonAsync(
            () =>
            {
                var message = new HttpRequestMessage(HttpMethod.Delete, $"v1/video/delete/{Uri.EscapeDataString(id)}");
                if (idempotencyKey is not null)
                {
                    message.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                return message;
            },
            retryable: true,
            ReelgateJsonContext.Default.OkResponse,
            cancellationToken);
    }

    /// <summary>Deletes every job of the caller's project (<c>POST /v1/video/delete_all</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many jobs were deleted.</returns>
    public Task<DeleteAllResponse> DeleteAllAsync(CancellationToken cancellationToken = default)
        => SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "v1/video/delete_all") { Content = EmptyObject() },
            retryable: false,
            ReelgateJsonContext.Default.DeleteAllResponse,
            cancellationToken);

    /// <summary>A signed, expiring link that downloads a succeeded job's MP4 (<c>GET /v1/video/download_url/{id}</c>).</summary>
    /// <param name="id">The job id.</param>
    /// <param name="expiresIn">The link's lifetime, 60 s to 7 days; null for the server's default (1 h).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The URL and when it expires.</returns>
    public Task<DownloadUrlResponse> GetDownloadUrlAsync(string id, TimeSpan? expiresIn = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var path = $"v1/video/download_url/{Uri.EscapeDataString(id)}";
        if (expiresIn is { } lifetime)
        {
            path += "?expires_in=" + ((long)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return GetJsonAsync(path, ReelgateJsonContext.Default.DownloadUrlResponse, cancellationToken);
    }

    /// <summary>Sets a job's retention window (<c>POST /v1/video/set_retention/{id}</c>).</summary>
    /// <param name="id">The job id.</param>
    /// <param name="days">Whole days, 1..90, counted from the job's completion.</param>
    /// <param name="idempotencyKey">Optional de-duplication key; with one the call is retried after 429/503/network errors.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new window and when the files will be removed.</returns>
    public Task<SetRetentionResponse> SetRetentionAsync(string id, int days, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var body = new SetRetentionRequest { Days = days, IdempotencyKey = idempotencyKey };
        return SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"v1/video/set_retention/{Uri.EscapeDataString(id)}")
            {
                Content = JsonContent.Create(body, ReelgateJsonContext.Default.SetRetentionRequest),
            },
            retryable: idempotencyKey is not null,
            ReelgateJsonContext.Default.SetRetentionResponse,
            cancellationToken);
    }

    /// <summary>The enabled vendors, their models, limits, prices and health (<c>GET /v1/video/capabilities</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The capabilities.</returns>
    public Task<VideoCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default)
        => GetJsonAsync("v1/video/capabilities", ReelgateJsonContext.Default.VideoCapabilities, cancellationToken);

    private static string WithPaging(string path, string? cursor, int? limit)
    {
        var separator = '?';
        if (cursor is not null)
        {
            path += separator + "cursor=" + Uri.EscapeDataString(cursor);
            separator = '&';
        }

        if (limit is { } size)
        {
            path += separator + "limit=" + size.ToString(CultureInfo.InvariantCulture);
        }

        return path;
    }
}
