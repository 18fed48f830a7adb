using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Reelgate.FunctionalTests.Payments;

/// <summary>
/// Builds webhook deliveries the way Stripe does: an <c>event</c> object whose <c>data.object</c> is the
/// Checkout Session, signed with <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "t.payload"&gt;</c>
/// under the endpoint's secret. Computed here, independently of Stripe.net's own helper.
/// </summary>
internal static class StripeWebhooks
{
    public const string WebhookPath = "/v1/payments/stripe/webhook";

    public static string Event(string type, JsonObject dataObject, string? eventId = null) => new JsonObject
    {
        ["id"] = eventId ?? "evt_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
        ["object"] = "event",
        ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
        ["created"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
        ["data"] = new JsonObject { ["object"] = dataObject.DeepClone() },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
    }.ToJsonString();

    public static string Signature(string payload, string secret, DateTimeOffset? signedAt = null)
    {
        var timestamp = (signedAt ?? TimeProvider.System.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + payload));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Posts a delivery as Stripe does: JSON body, <c>Stripe-Signature</c> header, no API key.</summary>
    public static Task<HttpResponseMessage> DeliverAsync(this HttpClient client, string payload, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookPath)
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.UserAgent.ParseAdd("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
