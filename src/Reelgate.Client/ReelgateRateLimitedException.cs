using System.Net;

namespace Reelgate.Client;

/// <summary>
/// 429 <c>RATE_LIMITED</c>, after the client's own retries (if the call was safe to retry) ran out or the
/// server asked for a longer wait than <see cref="ReelgateClientOptions.MaxRetryDelay"/>.
/// </summary>
public sealed class ReelgateRateLimitedException : ReelgateApiException
{
    /// <summary>Creates the exception.</summary>
    public ReelgateRateLimitedException()
        : this("Rate limited.", requestId: null, retryAfter: null)
    {
    }

    /// <summary>Creates the exception from the envelope and the <c>Retry-After</c> header.</summary>
    /// <param name="message">The envelope's message.</param>
    /// <param name="requestId">The envelope's request id.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, when it sent one.</param>
    public ReelgateRateLimitedException(string message, string? requestId, TimeSpan? retryAfter)
        : base(HttpStatusCode.TooManyRequests, ReelgateErrorCodes.RateLimited, message, requestId)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long to wait before trying again, from the <c>Retry-After</c> header.</summary>
    public TimeSpan? RetryAfter { get; }
}
