using Microsoft.Extensions.Options;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Stripe;
using Stripe.Checkout;
using BillingService = Reelgate.Core.Billing.BillingService;

namespace Reelgate.Server.Payments.Stripe;

/// <summary>
/// Verifies and applies Stripe webhook deliveries. Only a delivery whose <c>Stripe-Signature</c> verifies
/// against the raw payload, and whose signed timestamp is within the tolerance, is read at all (a captured
/// delivery cannot be replayed later). A paid Checkout Session credits its top-up through
/// <see cref="BillingService.ConfirmTopUpAsync"/>, whose conditional update makes repeated deliveries of
/// the same event credit once.
/// </summary>
/// <remarks>
/// Answers <see langword="null"/> (200 to Stripe) for every verified delivery, including those it ignores or
/// refuses after a cross-check: retrying them would not change the outcome. Answers an error only for
/// deliveries that do not verify, so that nothing unverified is ever acted upon.
/// </remarks>
internal sealed partial class StripeWebhookProcessor(
    BillingService billing,
    IOptionsMonitor<StripeOptions> options,
    TimeProvider time,
    ILogger<StripeWebhookProcessor> log)
{
    private const string Paid = "paid";

    public async Task<Error?> ProcessAsync(string payload, string? signatureHeader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var settings = options.CurrentValue;
        if (string.IsNullOrEmpty(settings.WebhookSecret))
        {
            Log.NotConfigured(log);
            return new Error(ErrorCode.NotFound, "Stripe webhooks are not configured on this gateway (Reelgate:Billing:Stripe:WebhookSecret).");
        }

        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            Log.SignatureRejected(log, "the Stripe-Signature header is missing");
            return Error.Invalid("The Stripe-Signature header is missing.");
        }

        try
        {
            EventUtility.ValidateSignature(payload, signatureHeader, settings.WebhookSecret, (long)settings.WebhookTolerance.TotalSeconds, time.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (Exception ex) when (ex is StripeException or FormatException or OverflowException)
        {
            Log.SignatureRejected(log, ex.Message);
            return Error.Invalid("The Stripe-Signature header does not verify against the payload, or its timestamp is outside the tolerance.");
        }

        Event? stripeEvent;
        try
        {
            stripeEvent = EventUtility.ParseEvent(payload, throwOnApiVersionMismatch: false);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or NotSupportedException or StripeException)
        {
            Log.Malformed(log, ex);
            return Error.Invalid("The payload is not a Stripe event.");
        }

        if (stripeEvent is null)
        {
            Log.Malformed(log, null);
            return Error.Invalid("The payload is not a Stripe event.");
        }

        if (stripeEvent.Type is not (EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded)
            || stripeEvent.Data?.Object is not Session session)
        {
            Log.Ignored(log, stripeEvent.Id, stripeEvent.Type);
            return null;
        }

        if (!string.Equals(session.PaymentStatus, Paid, StringComparison.Ordinal))
        {
            // Delayed methods (bank debits) complete the session unpaid; async_payment_succeeded follows.
            Log.AwaitingPayment(log, stripeEvent.Id, session.Id, session.PaymentStatus);
            return null;
        }

        await CreditAsync(stripeEvent.Id, session, settings, cancellationToken);
        return null;
    }

    private async Task CreditAsync(string eventId, Session session, StripeOptions settings, CancellationToken cancellationToken)
    {
        var fromMetadata = session.Metadata?.GetValueOrDefault(StripePaymentProvider.TopUpIdMetadataKey);
        var topUpId = fromMetadata ?? session.ClientReferenceId;
        if (fromMetadata is not null && session.ClientReferenceId is not null && fromMetadata != session.ClientReferenceId)
        {
            Log.Refused(log, eventId, session.Id, topUpId, "metadata topup_id and client_reference_id differ");
            return;
        }

        var topUp = topUpId is null ? null : await billing.GetTopUpAsync(topUpId, cancellationToken);
        var refusal = topUp switch
        {
            null => "no such top-up (a payment of another integration on the same Stripe account?)",
            { Provider: not StripePaymentProvider.ProviderName } => "the top-up is not a Stripe top-up",
            _ when topUp.ProviderRef != session.Id => "the session is not the top-up's checkout",
            _ when session.AmountTotal is not { } cents || cents * StripePaymentProvider.MicrosPerCent != topUp.AmountMicros => "the paid amount differs from the top-up's",
            _ when !string.Equals(session.Currency, settings.Currency, StringComparison.OrdinalIgnoreCase) => "the currency differs from the configured one",
            _ => null,
        };
        if (refusal is not null)
        {
            Log.Refused(log, eventId, session.Id, topUpId, refusal);
            return;
        }

        var outcome = await billing.ConfirmTopUpAsync(topUp!.Id, cancellationToken);
        switch (outcome)
        {
            case CreditTopUpOutcome.Credited:
                Log.Credited(log, topUp.Id, topUp.AmountMicros, session.Id, eventId);
                break;
            case CreditTopUpOutcome.AlreadyCredited:
                Log.AlreadyCredited(log, topUp.Id, eventId);
                break;
            default:
                Log.PaidTooLate(log, topUp.Id, session.Id, outcome);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(PaymentEventIds.StripeWebhookNotConfigured, LogLevel.Warning, "A Stripe webhook arrived but no webhook secret is configured")]
        public static partial void NotConfigured(ILogger logger);

        [LoggerMessage(PaymentEventIds.StripeWebhookSignatureRejected, LogLevel.Warning, "Refused a Stripe webhook: {Reason}")]
        public static partial void SignatureRejected(ILogger logger, string reason);

        [LoggerMessage(PaymentEventIds.StripeWebhookMalformed, LogLevel.Warning, "Refused a signed Stripe webhook whose payload is not an event")]
        public static partial void Malformed(ILogger logger, Exception? exception);

        [LoggerMessage(PaymentEventIds.StripeWebhookIgnored, LogLevel.Debug, "Ignored Stripe event {EventId} of type {EventType}")]
        public static partial void Ignored(ILogger logger, string? eventId, string? eventType);

        [LoggerMessage(PaymentEventIds.StripeWebhookAwaitingPayment, LogLevel.Information, "Stripe event {EventId}: session {SessionId} completed with payment status {PaymentStatus}; waiting for the payment")]
        public static partial void AwaitingPayment(ILogger logger, string? eventId, string? sessionId, string? paymentStatus);

        [LoggerMessage(PaymentEventIds.StripeWebhookRefused, LogLevel.Warning, "Stripe event {EventId} for session {SessionId} credits nothing for top-up {TopUpId}: {Reason}")]
        public static partial void Refused(ILogger logger, string? eventId, string? sessionId, string? topUpId, string reason);

        [LoggerMessage(PaymentEventIds.StripeTopUpCredited, LogLevel.Information, "Credited top-up {TopUpId} ({AmountMicros} micro-USD) paid through Stripe session {SessionId}, event {EventId}")]
        public static partial void Credited(ILogger logger, string topUpId, long amountMicros, string sessionId, string? eventId);

        [LoggerMessage(PaymentEventIds.StripeTopUpAlreadyCredited, LogLevel.Information, "Top-up {TopUpId} was already credited; Stripe event {EventId} changes nothing")]
        public static partial void AlreadyCredited(ILogger logger, string topUpId, string? eventId);

        [LoggerMessage(PaymentEventIds.StripeTopUpPaidTooLate, LogLevel.Error, "Top-up {TopUpId} was paid through Stripe session {SessionId} but could not be credited ({Outcome}); refund it or grant the credit by hand")]
        public static partial void PaidTooLate(ILogger logger, string topUpId, string sessionId, CreditTopUpOutcome outcome);
    }
}
