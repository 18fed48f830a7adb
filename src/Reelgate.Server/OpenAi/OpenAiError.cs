using Reelgate.Core.Jobs;
using Reelgate.Server.Errors;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// The one place where errors of the OpenAI-compatible surface become HTTP answers, in OpenAI's
/// envelope and with the status codes OpenAI uses, so the SDKs raise their typed errors
/// (<c>BadRequestError</c>, <c>AuthenticationError</c>, <c>NotFoundError</c>, <c>RateLimitError</c>, …).
/// The request id stays in the <c>X-Request-Id</c> header, where the SDKs read it.
/// </summary>
internal sealed class OpenAiError(int statusCode, string type, string message, string? param = null, string? code = null) : IResult, IStatusCodeHttpResult
{
    public const string InvalidRequest = "invalid_request_error";
    public const string ServerError = "server_error";

    public int StatusCode => statusCode;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    public string Type => type;

    public string Message => message;

    public string? Param => param;

    public string? Code => code;

    /// <summary>A 400 for a value OpenAI's API would also refuse, naming the parameter.</summary>
    public static OpenAiError Invalid(string param, string message, string code = "invalid_value")
        => new(400, InvalidRequest, message, param, code);

    public static OpenAiError NotFound(string message) => new(404, InvalidRequest, message);

    /// <summary>A 400 for an operation no enabled model can do (OpenAI answers unsupported values with 400).</summary>
    public static OpenAiError Unsupported(string message, string? param = null) => new(400, InvalidRequest, message, param, "unsupported");

    /// <summary>Maps a use case's error code onto OpenAI's status, type and code.</summary>
    public static OpenAiError From(Error error, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            ErrorCode.InvalidArgument => new(400, InvalidRequest, error.Message, param, "invalid_value"),
            ErrorCode.Unauthenticated => new(401, InvalidRequest, error.Message, null, "invalid_api_key"),

            // OpenAI reports an empty balance as 429 insufficient_quota (not 402).
            ErrorCode.InsufficientCredit => new(429, "insufficient_quota", error.Message, null, "insufficient_quota"),
            ErrorCode.Forbidden => new(403, InvalidRequest, error.Message),
            ErrorCode.NotFound => new(404, InvalidRequest, error.Message, param),
            ErrorCode.IdempotencyKeyReused => new(409, InvalidRequest, error.Message, null, "idempotency_key_reused"),
            ErrorCode.Unsupported => Unsupported(error.Message, param),
            ErrorCode.RateLimited => new(429, "requests", error.Message, null, "rate_limit_exceeded"),
            ErrorCode.PayloadTooLarge => new(413, InvalidRequest, error.Message, null, "request_too_large"),
            ErrorCode.VendorUnavailable => new(503, ServerError, error.Message, null, "service_unavailable"),
            _ => new(500, ServerError, error.Message),
        };
    }

    /// <summary>Restates an error of the shared body reader (<see cref="ApiError"/>) in OpenAI's envelope.</summary>
    public static OpenAiError From(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode switch
        {
            413 => new(413, InvalidRequest, error.Message, null, "request_too_large"),
            < 500 => new(error.StatusCode, InvalidRequest, error.Message),
            _ => new(error.StatusCode, ServerError, error.Message),
        };
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.Headers.CacheControl = "no-store";
        if (type == "insufficient_quota")
        {
            // Retrying does not add credit; the Stainless-generated SDKs (openai-node, openai-python) honour this header and raise at once.
            response.Headers["x-should-retry"] = "false";
        }

        var body = new OpenAiErrorResponse(new OpenAiErrorBody(message, type, param, code));
        return response.WriteAsJsonAsync(body, OpenAiJson.Context.OpenAiErrorResponse, contentType: "application/json; charset=utf-8", cancellationToken: httpContext.RequestAborted);
    }
}
