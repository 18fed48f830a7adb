using Microsoft.AspNetCore.Diagnostics;
using Reelgate.Core.Jobs;
using Reelgate.Server.Errors;
using Stripe;

namespace Reelgate.Server.Payments.Stripe;

/// <summary>
/// Answers a Stripe failure that escapes a handler (opening a checkout for <c>POST /v1/account/topup</c>)
/// as 503 <c>VENDOR_UNAVAILABLE</c> instead of 500: the gateway is fine, its payments provider is not.
/// The top-up stays pending without a checkout and simply expires; the caller may start a new one.
/// </summary>
internal sealed partial class StripeExceptionHandler(ILogger<StripeExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not StripeException stripe)
        {
            return false;
        }

        Log.Answered(log, httpContext.TraceIdentifier, (int)stripe.HttpStatusCode);

        // The exception handler middleware cleared the response headers, the request id among them.
        httpContext.Response.Headers[RequestIds.Header] = httpContext.TraceIdentifier;
        var error = new Error(ErrorCode.VendorUnavailable, "The payments provider (Stripe) could not open a checkout; nothing was charged. Try again in a moment.");
        await ApiError.From(error).ExecuteAsync(httpContext);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(PaymentEventIds.StripeUnavailableAnswered, LogLevel.Warning, "Request {RequestId} answered 503: Stripe failed (HTTP {StatusCode})")]
        public static partial void Answered(ILogger logger, string requestId, int statusCode);
    }
}
