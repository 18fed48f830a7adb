namespace Reelgate.Client;

/// <summary>The error codes of the gateway's envelope (<c>{"error": {"code", "message", "request_id"}}</c>).</summary>
public static class ReelgateErrorCodes
{
    /// <summary>400: a field is missing, malformed or out of range; the message names it.</summary>
    public const string InvalidArgument = "INVALID_ARGUMENT";

    /// <summary>401: the API key is missing, unknown or revoked.</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>402: the project's available credit does not cover the job's quote.</summary>
    public const string InsufficientCredit = "INSUFFICIENT_CREDIT";

    /// <summary>403: a file link is invalid, altered or expired.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>404: no such job (also another project's job) or endpoint.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>413: the request body is too large.</summary>
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";

    /// <summary>422: the idempotency key was already used with a different request.</summary>
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";

    /// <summary>422: no enabled model can serve the request; the message lists what is supported.</summary>
    public const string Unsupported = "UNSUPPORTED";

    /// <summary>429: the API key is over its rate limit; see <see cref="ReelgateRateLimitedException.RetryAfter"/>.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>500: the gateway failed; quote the request id when reporting it.</summary>
    public const string Internal = "INTERNAL";

    /// <summary>503: a vendor or payment provider could not be reached.</summary>
    public const string VendorUnavailable = "VENDOR_UNAVAILABLE";
}
