using Microsoft.Extensions.Options;
using Reelgate.Core.Billing;
using Stripe;
using Stripe.Checkout;

namespace Reelgate.Server.Payments.Stripe;

/// <summary>
/// Top-ups paid through Stripe Checkout: opens a hosted Checkout Session for the top-up's amount and
/// leaves the crediting to the signed <c>checkout.session.completed</c> webhook
/// (<see cref="StripeWebhookProcessor"/>). Stripe failures surface as <see cref="StripeException"/>, which
/// <see cref="StripeExceptionHandler"/> answers as 503 <c>VENDOR_UNAVAILABLE</c>.
/// </summary>
internal sealed partial class StripePaymentProvider(
    IHttpClientFactory httpClients,
    IOptionsMonitor<StripeOptions> options,
    TimeProvider time,
    ILogger<StripePaymentProvider> log) : IPaymentProvider
{
    public const string ProviderName = "stripe";
    public const string HttpClientName = "Reelgate.Stripe";
    public const string TopUpIdMetadataKey = "topup_id";

    /// <summary>Credit is micro-USD and Stripe counts cents.</summary>
    public const long MicrosPerCent = 10_000;

    // Stripe accepts expires_at from 30 minutes to 24 hours after creation; the margins absorb clock skew.
    private static readonly TimeSpan ShortestSession = TimeSpan.FromMinutes(31);
    private static readonly TimeSpan LongestSession = TimeSpan.FromHours(24) - TimeSpan.FromMinutes(5);

    public string Name => ProviderName;

    public async Task<Checkout> CreateCheckoutAsync(TopUp topUp, Uri gatewayBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topUp);
        ArgumentNullException.ThrowIfNull(gatewayBaseUrl);
        var settings = options.CurrentValue;
        var statusPage = new Uri(gatewayBaseUrl, StripeWebhookApi.TopUpPagePath(topUp.Id)).ToString();
        var now = time.GetUtcNow();
        var expiresAt = Clamp(topUp.ExpiresAt, now + ShortestSession, now + LongestSession);
        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = topUp.Id,
            Metadata = new Dictionary<string, string> { [TopUpIdMetadataKey] = topUp.Id },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = settings.Currency,
                        UnitAmount = topUp.AmountMicros / MicrosPerCent,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = settings.ProductName },
                    },
                },
            ],
            SuccessUrl = Expand(settings.SuccessUrl, topUp.Id) ?? statusPage + "?checkout=success",
            CancelUrl = Expand(settings.CancelUrl, topUp.Id) ?? statusPage + "?checkout=canceled",
            ExpiresAt = expiresAt.UtcDateTime,
        };

        // The top-up id as idempotency key: Stripe.net's own retries, and any retry of this call, reuse
        // the first session instead of opening a second one for the same top-up.
        var request = new RequestOptions { IdempotencyKey = topUp.Id };
        Session session;
        try
        {
            session = await new SessionService(CreateClient(settings)).CreateAsync(create, request, cancellationToken);
        }
        catch (StripeException ex)
        {
            Log.CheckoutFailed(log, ex, topUp.Id, (int)ex.HttpStatusCode, ex.StripeError?.Type);
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Stripe.net lets transport failures and timeouts through as they are; give them Stripe's type
            // so the one handler for Stripe failures answers them too.
            Log.CheckoutFailed(log, ex, topUp.Id, 0, "connection_error");
            throw new StripeException("Stripe could not be reached: " + ex.Message, ex);
        }

        if (string.IsNullOrEmpty(session.Url) || string.IsNullOrEmpty(session.Id))
        {
            throw new StripeException("Stripe answered a Checkout Session without an id or a url.");
        }

        Log.CheckoutCreated(log, topUp.Id, session.Id);
        return new Checkout(session.Url, session.Id);
    }

    private StripeClient CreateClient(StripeOptions settings)
    {
        // IHttpClientFactory pools the handlers; Stripe.net adds its headers and retries on top.
        var http = new SystemNetHttpClient(httpClients.CreateClient(HttpClientName), settings.MaxNetworkRetries, appInfo: null, enableTelemetry: false);
        return new StripeClient(settings.SecretKey, httpClient: http, apiBase: settings.ApiBase.ToString().TrimEnd('/'));
    }

    private static string? Expand(string? template, string topUpId)
        => template?.Replace("{TOPUP_ID}", Uri.EscapeDataString(topUpId), StringComparison.Ordinal);

    private static DateTimeOffset Clamp(DateTimeOffset value, DateTimeOffset min, DateTimeOffset max)
        => value < min ? min : value > max ? max : value;

    private static partial class Log
    {
        [LoggerMessage(PaymentEventIds.StripeCheckoutCreated, LogLevel.Information, "Opened Stripe Checkout Session {SessionId} for top-up {TopUpId}")]
        public static partial void CheckoutCreated(ILogger logger, string topUpId, string sessionId);

        [LoggerMessage(PaymentEventIds.StripeCheckoutFailed, LogLevel.Warning, "Stripe did not open a Checkout Session for top-up {TopUpId} (HTTP {StatusCode}, {StripeErrorType})")]
        public static partial void CheckoutFailed(ILogger logger, Exception exception, string topUpId, int statusCode, string? stripeErrorType);
    }
}
