namespace Reelgate.Server.Payments;

/// <summary>Log event ids of the payments providers (range 1500-1599), so operators can filter by number.</summary>
internal static class PaymentEventIds
{
    // 1500-1509 Stripe checkout
    public const int StripeCheckoutCreated = 1500;
    public const int StripeCheckoutFailed = 1501;
    public const int StripeUnavailableAnswered = 1502;

    // 1510-1529 Stripe webhooks
    public const int StripeWebhookNotConfigured = 1510;
    public const int StripeWebhookSignatureRejected = 1511;
    public const int StripeWebhookMalformed = 1512;
    public const int StripeWebhookIgnored = 1513;
    public const int StripeWebhookAwaitingPayment = 1514;
    public const int StripeWebhookRefused = 1515;
    public const int StripeTopUpCredited = 1516;
    public const int StripeTopUpAlreadyCredited = 1517;
    public const int StripeTopUpPaidTooLate = 1518;
}
