using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Reelgate.Core.Billing;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Payments;

/// <summary>The default provider end to end: a checkout page on the gateway, credited once an operator confirms.</summary>
public sealed class ManualTopUpTests : IDisposable
{
    private readonly GatewayFactory _gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");

    public void Dispose() => _gateway.Dispose();

    [Fact]
    public async Task TopUp_answers_a_checkout_page_on_the_gateway_showing_the_topup()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();

        var topUp = await (await client.PostJsonAsync("/v1/account/topup", """{"amount_usd": 12.5}""")).JsonAsync();
        var page = await _gateway.CreateClient().GetAsync(new Uri(topUp.GetProperty("checkout_url").GetString()!).PathAndQuery, TestContext.Current.CancellationToken);

        var topUpId = topUp.GetProperty("topup_id").GetString()!;
        Assert.StartsWith("topup_", topUpId, StringComparison.Ordinal);
        Assert.Equal(12.5m, topUp.GetProperty("amount_usd").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(topUpId, html, StringComparison.Ordinal);
        Assert.Contains("$12.50", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmTopUp_twice_credits_once()
    {
        var client = await _gateway.CreateClientForNewProjectAsync();
        var topUp = await (await client.PostJsonAsync("/v1/account/topup", """{"amount_usd": 20}""")).JsonAsync();
        var topUpId = topUp.GetProperty("topup_id").GetString()!;
        var billing = _gateway.Services.GetRequiredService<BillingService>();

        var first = await billing.ConfirmTopUpAsync(topUpId, TestContext.Current.CancellationToken);
        var second = await billing.ConfirmTopUpAsync(topUpId, TestContext.Current.CancellationToken);

        Assert.Equal(CreditTopUpOutcome.Credited, first);
        Assert.Equal(CreditTopUpOutcome.AlreadyCredited, second);
        var balance = await (await client.GetAsync("/v1/account/balance", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(20m, balance.GetProperty("balance_usd").GetDecimal());
        var ledger = await (await client.GetAsync("/v1/account/ledger", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Single(ledger.GetProperty("items").EnumerateArray(), row => row.GetProperty("kind").GetString() == "topup");
    }

    [Fact]
    public async Task Stripe_webhook_on_a_gateway_without_Stripe_answers_NOT_FOUND()
    {
        var answer = await _gateway.CreateClient().DeliverAsync("{}", "t=1,v1=00");

        await answer.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
