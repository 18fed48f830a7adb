using System.Text.Json.Serialization;

namespace Reelgate.Server.Payments.Stripe;

/// <summary>Source-generated JSON for the gateway's own answers on the Stripe endpoints (Stripe's objects are Stripe.net's).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StripeWebhookAck))]
internal sealed partial class StripeJsonContext : JsonSerializerContext;
