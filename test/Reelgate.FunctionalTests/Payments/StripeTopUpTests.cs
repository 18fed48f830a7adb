using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Payments;

/// <summary>Top-ups through Stripe Checkout, against a loopback Stripe stub and webhooks signed as Stripe signs them.</summary>
public sealed class StripeTopUpTests : IAsyncLifetime
{
    private const string SecretKey = "sk_test_51ReelgateStubKey";
    private const string WebhookSecret = "whsec_reelgate_test_signing_secret";
    private const string Completed = "checkout.session.completed";

    private StripeStub _stripe = null!;
    private GatewayFactory _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _stripe = await StripeStub.StartAsync(SecretKey);
        _gateway = CreateGateway();
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        await _stripe.DisposeAsync();
    }

    [Fact]
    public async Task TopUp_opens_a_checkout_session_for_the_amount_and_answers_its_url()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var topUp = await (await client.PostJsonAsync("/v1/account/topup", """{"amount_usd": 20.5}""")).JsonAsync();

        var topUpId = topUp.GetProperty("topup_id").GetString()!;
        var sent = Assert.Single(_stripe.Requests);
        Assert.Equal("https://checkout.stripe.com/c/pay/" + SessionIdOf(topUp), topUp.GetProperty("checkout_url").GetString());
        Assert.Equal("pending", topUp.GetProperty("state").GetString());
        Assert.True(topUp.TryGetProperty("expires_at", out _));
        Assert.Equal("Bearer " + SecretKey, sent.Authorization);
        Assert.Equal(topUpId, sent.IdempotencyKey);
        Assert.StartsWith("application/x-www-form-urlencoded", sent.ContentType, StringComparison.Ordinal);
        Assert.Equal("payment", sent.Form["mode"]);
        Assert.Equal("2050", sent.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("usd", sent.Form["line_items[0][price_data][currency]"]);
        Assert.Equal("Reelgate credit", sent.Form["line_items[0][price_data][product_data][name]"]);
        Assert.Equal("1", sent.Form["line_items[0][quantity]"]);
        Assert.Equal(topUpId, sent.Form["client_reference_id"]);
        Assert.Equal(topUpId, sent.Form["metadata[topup_id]"]);
        Assert.Contains(topUpId, sent.Form["success_url"], StringComparison.Ordinal);
        Assert.Contains(topUpId, sent.Form["cancel_url"], StringComparison.Ordinal);
        var expiresIn = long.Parse(sent.Form["expires_at"], System.Globalization.CultureInfo.InvariantCulture) - TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        Assert.InRange(expiresIn, 30 * 60, 24 * 60 * 60);
    }

    [Fact]
    public async Task Webhook_delivered_three_times_credits_once()
    {
        var (client, topUp) = await TopUpAsync(20m);
        var payload = StripeWebhooks.Event(Completed, _stripe.PaidSession(SessionIdOf(topUp)));
        var webhooks = _gateway.CreateClient();

        for (var delivery = 0; delivery < 3; delivery++)
        {
            var answer = await (await webhooks.DeliverAsync(payload, StripeWebhooks.Signature(payload, WebhookSecret))).JsonAsync();
            Assert.True(answer.GetProperty("received").GetBoolean());
        }

        Assert.Equal(20m, await BalanceAsync(client));
        var row = Assert.Single(await TopUpRowsAsync(client));
        Assert.Equal(topUp.GetProperty("topup_id").GetString(), row.GetProperty("topup_id").GetString());
        Assert.Equal(20m, row.GetProperty("amount_usd").GetDecimal());
    }

    [Fact]
    public async Task Webhook_deliveries_arriving_together_credit_once()
    {
        var (client, topUp) = await TopUpAsync(7.25m);
        var payload = StripeWebhooks.Event(Completed, _stripe.PaidSession(SessionIdOf(topUp)));
        var webhooks = _gateway.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => webhooks.DeliverAsync(payload, StripeWebhooks.Signature(payload, WebhookSecret))));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(7.25m, await BalanceAsync(client));
        Assert.Single(await TopUpRowsAsync(client));
    }

    [Theory]
    [InlineData("wrong secret")]
    [InlineData("payload changed after signing")]
    [InlineData("no signature")]
    [InlineData("malformed header")]
    [InlineData("signature of another timestamp")]
    public async Task Webhook_with_a_bad_signature_is_refused_and_credits_nothing(string tampering)
    {
        var (client, topUp) = await TopUpAsync(20m);
        var payload = StripeWebhooks.Event(Completed, _stripe.PaidSession(SessionIdOf(topUp)));
        var tampered = payload.Replace("\"amount_total\":2000", "\"amount_total\":200000", StringComparison.Ordinal);
        Assert.NotEqual(payload, tampered);
        var now = TimeProvider.System.GetUtcNow();
        var (body, signature) = tampering switch
        {
            "wrong secret" => (payload, StripeWebhooks.Signature(payload, "whsec_someone_else")),
            "payload changed after signing" => (tampered, StripeWebhooks.Signature(payload, WebhookSecret)),
            "no signature" => (payload, null),
            "malformed header" => (payload, "garbage"),
            _ => (payload, "t=" + (now.ToUnixTimeSeconds() - 1) + "," + StripeWebhooks.Signature(payload, WebhookSecret, now).Split(',')[1]),
        };

        var answer = await _gateway.CreateClient().DeliverAsync(body, signature);

        await answer.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Equal(0m, await BalanceAsync(client));
        Assert.Empty(await TopUpRowsAsync(client));
    }

    [Fact]
    public async Task Webhook_signed_longer_ago_than_the_tolerance_is_refused_as_a_replay()
    {
        var (client, topUp) = await TopUpAsync(20m);
        var payload = StripeWebhooks.Event(Completed, _stripe.PaidSession(SessionIdOf(topUp)));
        var stale = StripeWebhooks.Signature(payload, WebhookSecret, TimeProvider.System.GetUtcNow() - TimeSpan.FromMinutes(6));
        var webhooks = _gateway.CreateClient();

        var replay = await webhooks.DeliverAsync(payload, stale);

        await replay.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        Assert.Equal(0m, await BalanceAsync(client));
        await (await webhooks.DeliverAsync(payload, StripeWebhooks.Signature(payload, WebhookSecret))).JsonAsync();
        Assert.Equal(20m, await BalanceAsync(client));
    }

    [Fact]
    public async Task Webhook_for_an_unknown_topup_is_acknowledged_and_credits_nothing()
    {
        var (client, topUp) = await TopUpAsync(20m);
        var session = _stripe.PaidSession(SessionIdOf(topUp));
        session["client_reference_id"] = "topup_00000000000000000000000000000000";
        session["metadata"] = new JsonObject { ["topup_id"] = "topup_00000000000000000000000000000000" };
        var payload = StripeWebhooks.Event(Completed, session);

        var answer = await (await _gateway.CreateClient().DeliverAsync(payload, StripeWebhooks.Signature(payload, WebhookSecret))).JsonAsync();

        Assert.True(answer.GetProperty("received").GetBoolean());
        Assert.Equal(0m, await BalanceAsync(client));
    }

    [Theory]
    [InlineData("amount_total", "1999")]
    [InlineData("amount_total", "200000")]
    [InlineData("currency", "\"eur\"")]
    [InlineData("id", "\"cs_test_another_session_of_the_account\"")]
    public async Task Webhook_whose_session_differs_from_the_topup_is_acknowledged_and_credits_nothing(string field, string json)
    {
        var (client, topUp) = await TopUpAsync(20m);
        var session = _stripe.PaidSession(SessionIdOf(topUp));
        session[field] = JsonNode.Parse(json);
        var payload = StripeWebhooks.Event(Completed, session);

        var answer = await (await _gateway.CreateClient().DeliverAsync(payload, StripeWebhooks.Signature(payload, WebhookSecret))).JsonAsync();

        Assert.True(answer.GetProperty("received").GetBoolean());
        Assert.Equal(0m, await BalanceAsync(client));
        Assert.Empty(await TopUpRowsAsync(client));
    }

    [Fact]
    public async Task Checkout_completed_unpaid_credits_only_when_the_async_payment_succeeds()
    {
        var (client, topUp) = await TopUpAsync(20m);
        var session = _stripe.PaidSession(SessionIdOf(topUp));
        session["payment_status"] = "unpaid";
        var completed = StripeWebhooks.Event(Completed, session);
        var webhooks = _gateway.CreateClient();

        await (await webhooks.DeliverAsync(completed, StripeWebhooks.Signature(completed, WebhookSecret))).JsonAsync();
        Assert.Equal(0m, await BalanceAsync(client));

        session["payment_status"] = "paid";
        var succeeded = StripeWebhooks.Event("checkout.session.async_payment_succeeded", session);
        await (await webhooks.DeliverAsync(succeeded, StripeWebhooks.Signature(succeeded, WebhookSecret))).JsonAsync();
        Assert.Equal(20m, await BalanceAsync(client));
    }

    [Fact]
    public async Task Webhook_of_another_event_type_is_acknowledged_and_ignored()
    {
        var (client, topUp) = await TopUpAsync(20m);
        var payload = StripeWebhooks.Event("checkout.session.expired", _stripe.PaidSession(SessionIdOf(topUp)));

        var answer = await (await _gateway.CreateClient().DeliverAsync(payload, StripeWebhooks.Signature(payload, WebhookSecret))).JsonAsync();

        Assert.True(answer.GetProperty("received").GetBoolean());
        Assert.Equal(0m, await BalanceAsync(client));
    }

    [Fact]
    public async Task TopUp_when_Stripe_fails_answers_VENDOR_UNAVAILABLE_and_charges_nothing()
    {
        _stripe.FailNext();
        var client = await _gateway.CreateClientForNewProjectAsync();

        var answer = await client.PostJsonAsync("/v1/account/topup", """{"amount_usd": 20}""");

        var error = await answer.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "VENDOR_UNAVAILABLE");
        Assert.Contains("Stripe", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, _stripe.Requests.Count);
        Assert.Single(_stripe.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.Equal(0m, await BalanceAsync(client));
    }

    [Fact]
    public async Task TopUp_retried_after_a_Stripe_500_reuses_its_idempotency_key()
    {
        _stripe.FailNext(1);
        var client = await _gateway.CreateClientForNewProjectAsync();

        var topUp = await (await client.PostJsonAsync("/v1/account/topup", """{"amount_usd": 20}""")).JsonAsync();

        Assert.Equal(2, _stripe.Requests.Count);
        Assert.All(_stripe.Requests, r => Assert.Equal(topUp.GetProperty("topup_id").GetString(), r.IdempotencyKey));
    }

    [Fact]
    public async Task Return_page_shows_the_topup_and_its_state()
    {
        var (_, topUp) = await TopUpAsync(20m);
        var topUpId = topUp.GetProperty("topup_id").GetString()!;
        var successUrl = new Uri(Assert.Single(_stripe.Requests).Form["success_url"]);
        var browser = _gateway.CreateClient();

        var before = await browser.GetStringAsync(successUrl.PathAndQuery, TestContext.Current.CancellationToken);
        var payload = StripeWebhooks.Event(Completed, _stripe.PaidSession(SessionIdOf(topUp)));
        await (await browser.DeliverAsync(payload, StripeWebhooks.Signature(payload, WebhookSecret))).JsonAsync();
        var after = await browser.GetStringAsync(successUrl.PathAndQuery, TestContext.Current.CancellationToken);

        Assert.Contains(topUpId, before, StringComparison.Ordinal);
        Assert.Contains("<strong id=\"state\">pending</strong>", before, StringComparison.Ordinal);
        Assert.Contains("<strong id=\"state\">credited</strong>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_with_the_stripe_provider_but_no_secrets_fails_naming_each_missing_setting()
    {
        // A real process, as an operator starts it: the host must refuse to start and say why.
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Billing:PaymentProvider", "stripe"));

        var failure = await Record.ExceptionAsync(gateway.StartAsync);

        Assert.NotNull(failure);
        Assert.Contains("SecretKey is required", failure.Message, StringComparison.Ordinal);
        Assert.Contains("WebhookSecret is required", failure.Message, StringComparison.Ordinal);
    }

    private GatewayFactory CreateGateway() => new GatewayFactory()
        .With("Reelgate:Dispatcher:Enabled", "false")
        .With("Reelgate:Billing:PaymentProvider", "stripe")
        .With("Reelgate:Billing:Stripe:SecretKey", SecretKey)
        .With("Reelgate:Billing:Stripe:WebhookSecret", WebhookSecret)
        .With("Reelgate:Billing:Stripe:ApiBase", _stripe.BaseUrl.ToString());

    private async Task<(HttpClient Client, JsonElement TopUp)> TopUpAsync(decimal usd)
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var body = "{\"amount_usd\": " + usd.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
        var topUp = await (await client.PostJsonAsync("/v1/account/topup", body)).JsonAsync();
        return (client, topUp);
    }

    private static string SessionIdOf(JsonElement topUp)
        => topUp.GetProperty("checkout_url").GetString()!["https://checkout.stripe.com/c/pay/".Length..];

    private static async Task<decimal> BalanceAsync(HttpClient client)
        => (await (await client.GetAsync("/v1/account/balance", TestContext.Current.CancellationToken)).JsonAsync()).GetProperty("balance_usd").GetDecimal();

    private static async Task<List<JsonElement>> TopUpRowsAsync(HttpClient client)
    {
        var page = await (await client.GetAsync("/v1/account/ledger", TestContext.Current.CancellationToken)).JsonAsync();
        return [.. page.GetProperty("items").EnumerateArray().Where(row => row.GetProperty("kind").GetString() == "topup")];
    }
}
