using Microsoft.AspNetCore.Diagnostics;

namespace Reelgate.Server.Errors;

/// <summary>
/// Turns whatever escapes a handler, and the framework's own bare status codes (unknown path,
/// wrong method, oversized body), into the error envelope.
/// </summary>
internal static partial class ErrorHandling
{
    public static IApplicationBuilder UseReelgateErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                // The exception handler clears the response headers; the request id must survive.
                context.Response.Headers[RequestIds.Header] = context.TraceIdentifier;
                var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                switch (exception)
                {
                    case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                        await ApiError.WriteAsync(context, 413, "PAYLOAD_TOO_LARGE", "The request body is too large.");
                        break;
                    case BadHttpRequestException bad:
                        await ApiError.WriteAsync(context, bad.StatusCode, bad.StatusCode == 400 ? "INVALID_ARGUMENT" : "INTERNAL", "The request could not be read: " + bad.Message);
                        break;
                    default:
                        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Reelgate.Server.Errors");
                        if (exception is not null)
                        {
                            Log.Unhandled(logger, exception, context.TraceIdentifier);
                        }

                        await ApiError.WriteAsync(context, 500, "INTERNAL", "The gateway failed to handle this request; quote the request id when reporting it.");
                        break;
                }
            },
        });

        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            var (code, message) = context.Response.StatusCode switch
            {
                404 => ("NOT_FOUND", $"No endpoint {context.Request.Method} {context.Request.Path}; the API reference is at /docs."),
                405 => ("INVALID_ARGUMENT", $"{context.Request.Method} is not allowed on {context.Request.Path}."),
                413 => ("PAYLOAD_TOO_LARGE", "The request body is too large."),
                415 => ("INVALID_ARGUMENT", "Send the body as application/json."),
                401 => ("UNAUTHENTICATED", "Missing or invalid API key; send 'Authorization: Bearer <key>'."),
                _ => ("INVALID_ARGUMENT", "The request could not be handled."),
            };
            await ApiError.WriteAsync(context, context.Response.StatusCode, code, message);
        });

        return app;
    }

    private static partial class Log
    {
        [LoggerMessage(1400, LogLevel.Error, "Unhandled error in request {RequestId}")]
        public static partial void Unhandled(ILogger logger, Exception exception, string requestId);
    }
}
