using System.Net;
using System.Text.Json.Nodes;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Payments;

/// <summary>The webhook on the real Kestrel host, whose request-body limit is smaller than a Stripe event may be.</summary>
public sealed class StripeWebhookHostTests
{
    private const string WebhookSecret = "whsec_reelgate_host_test_secret";

    [Fact]
    public async Task Webhook_reads_events_larger_than_the_API_body_limit_up_to_256_KB()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Dispatcher:Enabled", "false"), ("Billing:Stripe:WebhookSecret", WebhookSecret));
        await gateway.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        var large = Event(150 * 1024);
        var tooLarge = Event(300 * 1024);

        var accepted = await client.DeliverAsync(large, StripeWebhooks.Signature(large, WebhookSecret));
        var refused = await client.DeliverAsync(tooLarge, StripeWebhooks.Signature(tooLarge, WebhookSecret));

        Assert.True((await accepted.JsonAsync()).GetProperty("received").GetBoolean());
        await refused.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    private static string Event(int padding)
        => StripeWebhooks.Event("customer.created", new JsonObject
        {
            ["id"] = "cus_test_large",
            ["object"] = "customer",
            ["description"] = new string('x', padding),
        });
}
