using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Reelgate.Server.Errors;

namespace Reelgate.Server.Payments.Stripe;

/// <summary>
/// <c>/v1/payments/stripe</c>: the webhook Stripe delivers events to (authenticated by its signature,
/// not an API key) and the page Stripe Checkout returns the payer to.
/// </summary>
internal static class StripeWebhookApi
{
    public const string WebhookPath = "/v1/payments/stripe/webhook";

    /// <summary>Stripe's events are a few KB; the cap keeps an unauthenticated endpoint cheap.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    public static string TopUpPagePath(string topUpId) => "/v1/payments/stripe/topup/" + Uri.EscapeDataString(topUpId);

    public static RouteGroupBuilder MapStripeWebhook(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/payments/stripe").WithTags("Payments");
        group.MapPost("/webhook", WebhookAsync).WithName("StripeWebhook").WithSummary("Stripe's signed event deliveries; a paid checkout credits its top-up once.");

        // Opened in a browser when Stripe Checkout returns the payer: the unguessable top-up id is the capability.
        group.MapGet("/topup/{id}", TopUpPageAsync).WithName("StripeTopUpPage").ExcludeFromDescription();
        return group;
    }

    internal static async Task<Results<JsonHttpResult<StripeWebhookAck>, ApiError>> WebhookAsync(HttpContext context, StripeWebhookProcessor processor, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxPayloadBytes;
        }

        var payload = await ReadPayloadAsync(context.Request, cancellationToken);
        if (payload is null)
        {
            return ApiError.From(new Error(ErrorCode.PayloadTooLarge, $"A Stripe event is at most {MaxPayloadBytes} bytes."));
        }

        var error = await processor.ProcessAsync(payload, context.Request.Headers["Stripe-Signature"].ToString(), cancellationToken);
        if (error is not null)
        {
            return ApiError.From(error);
        }

        return TypedResults.Json(new StripeWebhookAck(true), StripeJsonContext.Default.StripeWebhookAck);
    }

    internal static async Task<Results<ContentHttpResult, ApiError>> TopUpPageAsync(string id, string? checkout, BillingService billing, CancellationToken cancellationToken)
    {
        var topUp = id.StartsWith("topup_", StringComparison.Ordinal) ? await billing.GetTopUpAsync(id, cancellationToken) : null;
        if (topUp is null || topUp.Provider != StripePaymentProvider.ProviderName)
        {
            return ApiError.NotFound("No such top-up.");
        }

        var amount = Money.ToUsd(topUp.AmountMicros).ToString("0.00", CultureInfo.InvariantCulture);
        var (state, explanation) = topUp.State switch
        {
            TopUpState.Credited => ("credited", "The credit is on the account."),
            TopUpState.Expired => ("expired", "This top-up can no longer be paid; start a new one."),
            _ when checkout == "canceled" => ("pending", "The payment was canceled and nothing was charged. Start a new top-up to try again."),
            _ => ("pending", "Stripe is confirming the payment; the credit appears on the account once it has. Reload this page to check."),
        };
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reelgate top-up</title>")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}code{background:#eee;padding:.1rem .3rem}</style></head><body>")
            .Append("<h1>Top-up of $").Append(amount).Append("</h1>")
            .Append("<p>State: <strong id=\"state\">").Append(state).Append("</strong></p>")
            .Append("<p>").Append(explanation).Append("</p>")
            .Append("<p>Top-up <code>").Append(WebUtility.HtmlEncode(topUp.Id)).Append("</code>.</p>")
            .Append("</body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    /// <summary>The raw body as sent (the signature covers its exact bytes); <see langword="null"/> when over the cap.</summary>
    private static async Task<string?> ReadPayloadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxPayloadBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxPayloadBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
