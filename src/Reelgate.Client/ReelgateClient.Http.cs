using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Reelgate.Contracts.Serialization;

namespace Reelgate.Client;

public sealed partial class ReelgateClient
{
    private Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        => SendJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, path), retryable: true, typeInfo, cancellationToken);

    private async Task<T> SendJsonAsync<T>(Func<HttpRequestMessage> createRequest, bool retryable, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(createRequest, retryable, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"The gateway answered {(int)response.StatusCode} with an empty body.");
    }

    /// <summary>
    /// Sends a request, retrying a <paramref name="retryable"/> one after 429, 503 and network errors:
    /// at most <see cref="ReelgateClientOptions.MaxRetries"/> times, waiting <c>Retry-After</c> when given
    /// (and giving up at once when that exceeds <see cref="ReelgateClientOptions.MaxRetryDelay"/>), else
    /// exponential backoff with jitter. A request message cannot be sent twice, hence the factory.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, bool retryable, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var retriesLeft = retryable ? _options.MaxRetries : 0;
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            using (var request = createRequest())
            {
                try
                {
                    response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (retriesLeft > 0 && IsTransient(ex, cancellationToken))
                {
                    retriesLeft--;
                    await Task.Delay(Backoff(attempt), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            if (retriesLeft > 0 && response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                var delay = RetryAfter(response) ?? Backoff(attempt);
                if (delay <= _options.MaxRetryDelay)
                {
                    retriesLeft--;
                    response.Dispose();
                    await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            return response;
        }
    }

    /// <summary>A network failure or an <see cref="HttpClient.Timeout"/>, not the caller's own cancellation.</summary>
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken)
        => exception is HttpRequestException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private TimeSpan Backoff(int attempt)
    {
        var baseDelay = _options.FirstRetryDelay * Math.Pow(2, Math.Min(attempt, 10));

        // ±20% jitter keeps many clients that failed together from retrying together.
        var jittered = baseDelay * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return jittered < _options.MaxRetryDelay ? jittered : _options.MaxRetryDelay;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _options.TimeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Turns a non-2xx answer into the typed exception of its envelope code.</summary>
    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = response.StatusCode;
        var code = $"HTTP_{(int)status}";
        var message = $"The gateway answered {(int)status} {response.ReasonPhrase}.";
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > 0 && JsonSerializer.Deserialize(body, ReelgateJsonContext.Default.ErrorResponse)?.Error is { } error)
            {
                code = error.Code;
                message = error.Message;
                requestId = error.RequestId ?? requestId;
            }
        }
        catch (JsonException)
        {
            // Not the envelope (a proxy's HTML page, say): keep the status-derived code and message.
        }

        throw code switch
        {
            ReelgateErrorCodes.NotFound => new ReelgateNotFoundException(message, requestId),
            ReelgateErrorCodes.InsufficientCredit => new ReelgateInsufficientCreditException(message, requestId),
            ReelgateErrorCodes.RateLimited => new ReelgateRateLimitedException(message, requestId, RetryAfter(response)),
            _ => new ReelgateApiException(status, code, message, requestId),
        };
    }
}
