using Reelgate.Contracts.Errors;
using Reelgate.Contracts.Serialization;
using Reelgate.Core.Jobs;
using Reelgate.Server.Hosting;

namespace Reelgate.Server.Errors;

/// <summary>
/// The one place where error codes become HTTP answers: the envelope of DESIGN §2 with the
/// request id, never a stack trace.
/// </summary>
internal sealed class ApiError(int statusCode, string code, string message) : IResult, IStatusCodeHttpResult
{
    public int StatusCode => statusCode;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    public string Code => code;

    public string Message => message;

    public static ApiError From(Error error) => error.Code switch
    {
        ErrorCode.InvalidArgument => new(400, "INVALID_ARGUMENT", error.Message),
        ErrorCode.Unauthenticated => new(401, "UNAUTHENTICATED", error.Message),
        ErrorCode.InsufficientCredit => new(402, "INSUFFICIENT_CREDIT", error.Message),
        ErrorCode.Forbidden => new(403, "FORBIDDEN", error.Message),
        ErrorCode.NotFound => new(404, "NOT_FOUND", error.Message),
        ErrorCode.IdempotencyKeyReused => new(422, "IDEMPOTENCY_KEY_REUSED", error.Message),
        ErrorCode.Unsupported => new(422, "UNSUPPORTED", error.Message),
        ErrorCode.RateLimited => new(429, "RATE_LIMITED", error.Message),
        ErrorCode.PayloadTooLarge => new(413, "PAYLOAD_TOO_LARGE", error.Message),
        ErrorCode.VendorUnavailable => new(503, "VENDOR_UNAVAILABLE", error.Message),
        _ => new(500, "INTERNAL", error.Message),
    };

    public static ApiError Invalid(string message) => From(Error.Invalid(message));

    public static ApiError NotFound(string message) => new(404, "NOT_FOUND", message);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return WriteAsync(httpContext, statusCode, code, message);
    }

    public static Task WriteAsync(HttpContext httpContext, int statusCode, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.Headers.CacheControl = "no-store";
        var body = new ErrorResponse(new ErrorBody(code, message, httpContext.TraceIdentifier));
        return httpContext.Response.WriteAsJsonAsync(body, WireJson.Context.ErrorResponse, contentType: "application/json; charset=utf-8", cancellationToken: httpContext.RequestAborted);
    }
}
