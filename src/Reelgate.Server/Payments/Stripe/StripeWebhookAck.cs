namespace Reelgate.Server.Payments.Stripe;

/// <summary>Answer to Stripe for every verified delivery: <c>{"received": true}</c>.</summary>
internal sealed record StripeWebhookAck(bool Received);
