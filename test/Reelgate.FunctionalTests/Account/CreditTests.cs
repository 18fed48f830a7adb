using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Account;

/// <summary>Prepaid credit end to end: quotes, holds, 402, capture, release and the ledger.</summary>
public sealed class CreditTests
{
    // 0.1 USD per second of local video, so a 1 s job costs exactly 0.1.
    private const string PricePerSecond = "0.1";

    [Fact]
    public async Task Credit_for_exactly_37_jobs_accepts_37_of_100_concurrent_generates()
    {
        using var gateway = new GatewayFactory()
            .With("Reelgate:Vendors:Local:PricePerSecondUsd", PricePerSecond)
            .With("Reelgate:Dispatcher:Enabled", "false");
        await gateway.GrantAsync("thirty-seven", 3.7m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("thirty-seven"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            client.PostJsonAsync("/v1/video/generate", $$"""{"prompt": "job {{i}}", "duration_seconds": 1}""")));

        Assert.Equal(37, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Accepted).ToList();
        Assert.Equal(63, refused.Count);
        foreach (var response in refused)
        {
            var error = await response.AssertErrorAsync(HttpStatusCode.PaymentRequired, "INSUFFICIENT_CREDIT");
            Assert.Contains("$0.1", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var balance = await BalanceAsync(client);
        Assert.Equal((3.7m, 3.7m, 0m), balance);
        await AssertLedgerExplainsBalanceAsync(client);
        var list = await (await client.GetAsync("/v1/video/list?limit=100", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(37, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_402_names_the_quote_and_the_available_amount_and_writes_nothing()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Vendors:Local:PricePerSecondUsd", PricePerSecond).With("Reelgate:Dispatcher:Enabled", "false");
        await gateway.GrantAsync("poor", 0.25m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("poor"));

        var response = await client.PostJsonAsync("/v1/video/generate", """{"prompt": "too long for my wallet", "duration_seconds": 3}""");

        var error = await response.AssertErrorAsync(HttpStatusCode.PaymentRequired, "INSUFFICIENT_CREDIT");
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("$0.3", message, StringComparison.Ordinal);
        Assert.Contains("$0.25", message, StringComparison.Ordinal);
        Assert.Contains("/v1/account/topup", message, StringComparison.Ordinal);
        Assert.Equal((0.25m, 0m, 0.25m), await BalanceAsync(client));
        var ledger = await LedgerAsync(client);
        Assert.Single(ledger);
    }

    [Fact]
    public async Task Success_captures_the_actual_price_and_cancel_and_delete_release_once()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Vendors:Local:PricePerSecondUsd", PricePerSecond);
        await gateway.GrantAsync("settle", 10m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("settle"));

        var done = await client.GenerateAsync("""{"prompt": "paid", "duration_seconds": 2}""");
        var job = await client.WaitForSuccessAsync(done);
        Assert.Equal(0.2m, job.GetProperty("cost_usd").GetDecimal());

        var running = await client.GenerateAsync("""{"prompt": "cancel me while running", "duration_seconds": 20, "resolution": "1080p"}""");
        await client.WaitForStateAsync(running, TimeSpan.FromSeconds(30), "running");
        await client.PostJsonAsync($"/v1/video/cancel/{running}", "{}");
        await client.PostJsonAsync($"/v1/video/cancel/{running}", "{}");

        var deleted = await client.GenerateAsync("""{"prompt": "delete me while running", "duration_seconds": 20, "resolution": "1080p"}""");
        await client.WaitForStateAsync(deleted, TimeSpan.FromSeconds(30), "running");
        await client.DeleteAsync($"/v1/video/delete/{deleted}", TestContext.Current.CancellationToken);
        await client.DeleteAsync($"/v1/video/delete/{deleted}", TestContext.Current.CancellationToken);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        Assert.Equal((9.8m, 0m, 9.8m), await BalanceAsync(client));
        var ledger = await LedgerAsync(client);
        Assert.Equal(["hold", "capture"], KindsOf(ledger, done));
        Assert.Equal(["hold", "release"], KindsOf(ledger, running));
        Assert.Equal(["hold", "release"], KindsOf(ledger, deleted));
        await AssertLedgerExplainsBalanceAsync(client);
    }

    [Fact]
    public async Task Failure_after_fallback_releases_the_hold_once_and_charges_nothing()
    {
        var refusing = new ScriptedVendor("refusing", qualityRank: 90, pricePerSecondMicros: 300_000, refuseSubmit: true);
        var failing = new ScriptedVendor("failing", qualityRank: 80, pricePerSecondMicros: 200_000, refuseSubmit: false);
        using var gateway = new GatewayFactory().WithVendor(refusing).WithVendor(failing).With("Reelgate:Vendors:Local:Enabled", "false");
        await gateway.GrantAsync("fallback", 5m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("fallback"));

        var id = await client.GenerateAsync("""{"prompt": "nobody can make this", "duration_seconds": 4, "prefer": "smartest"}""");
        var job = await client.WaitForStateAsync(id, TimeSpan.FromSeconds(30), "failed");

        Assert.Equal((1, 1), (refusing.Submits, failing.Submits));
        Assert.Equal("VENDOR_INTERNAL", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("failing", job.GetProperty("vendor").GetString());
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        var history = (await client.GetJobAsync(id)).GetProperty("attempt_details").EnumerateArray().ToList();
        Assert.Equal(["refusing", "failing"], history.Select(a => a.GetProperty("vendor").GetString()));
        Assert.Equal(["VENDOR_SUBMIT_FAILED", "VENDOR_INTERNAL"], history.Select(a => a.GetProperty("outcome").GetString()));
        Assert.False(history[0].TryGetProperty("vendor_job_id", out _));
        Assert.Equal("scripted-" + id, history[1].GetProperty("vendor_job_id").GetString());
        Assert.Equal((5m, 0m, 5m), await BalanceAsync(client));
        var ledger = await LedgerAsync(client);
        var hold = ledger.Single(e => e.GetProperty("kind").GetString() == "hold");
        Assert.Equal(1.2m, hold.GetProperty("amount_usd").GetDecimal());
        Assert.Equal(["hold", "release"], KindsOf(ledger, id));
    }

    [Theory]
    [InlineData(true, 4.2, 0.8)]
    [InlineData(false, 5.0, 0.0)]
    public async Task A_lost_submit_keeps_the_hold_until_the_operator_settles_it(bool vendorCharged, double balanceAfter, double cost)
    {
        var losing = new ScriptedVendor("losing", qualityRank: 90, pricePerSecondMicros: 200_000, refuseSubmit: false, loseSubmitAnswer: true);
        using var gateway = new GatewayFactory().WithVendor(losing).With("Reelgate:Vendors:Local:PricePerSecondUsd", PricePerSecond);
        await gateway.GrantAsync("lost", 5m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("lost"));
        var jobs = gateway.Services.GetRequiredService<Reelgate.Core.Jobs.JobService>();

        var id = await client.GenerateAsync("""{"prompt": "answer lost", "duration_seconds": 4, "prefer": "smartest"}""");
        var job = await client.WaitForStateAsync(id, TimeSpan.FromSeconds(30), "failed");

        // Never re-sent, never fallen through (local would have taken it), and the worst case stays held.
        Assert.Equal("VENDOR_OUTCOME_UNKNOWN", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, losing.Submits);
        Assert.Equal((5m, 0.8m, 4.2m), await BalanceAsync(client));
        Assert.Contains(await jobs.ListUnknownOutcomesAsync(10, TestContext.Current.CancellationToken), j => j.Id == id);

        var settled = await jobs.SettleUnknownOutcomeAsync(id, vendorCharged, TestContext.Current.CancellationToken);
        var again = await jobs.SettleUnknownOutcomeAsync(id, vendorCharged, TestContext.Current.CancellationToken);

        Assert.Equal((long)(cost * 1_000_000), settled.Value);
        Assert.NotNull(again.Error);
        Assert.Equal(((decimal)balanceAfter, 0m, (decimal)balanceAfter), await BalanceAsync(client));
        Assert.Equal((decimal)cost, (await client.GetJobAsync(id)).GetProperty("cost_usd").GetDecimal());
        await AssertLedgerExplainsBalanceAsync(client);
    }

    [Fact]
    public async Task Deleting_a_job_whose_outcome_is_unknown_hides_it_but_keeps_the_hold_for_the_operator()
    {
        var losing = new ScriptedVendor("losing", qualityRank: 90, pricePerSecondMicros: 200_000, refuseSubmit: false, loseSubmitAnswer: true);
        using var gateway = new GatewayFactory().WithVendor(losing).With("Reelgate:Vendors:Local:PricePerSecondUsd", PricePerSecond);
        await gateway.GrantAsync("lost-deleted", 5m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("lost-deleted"));
        var jobs = gateway.Services.GetRequiredService<Reelgate.Core.Jobs.JobService>();
        var id = await client.GenerateAsync("""{"prompt": "answer lost, then deleted", "duration_seconds": 4, "prefer": "smartest"}""");
        await client.WaitForStateAsync(id, TimeSpan.FromSeconds(30), "failed");

        var deleted = await client.DeleteAsync($"/v1/video/delete/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/v1/video/get/{id}", TestContext.Current.CancellationToken)).StatusCode);

        // The vendor may still charge: the hold outlives the delete until the operator settles it.
        Assert.Equal((5m, 0.8m, 4.2m), await BalanceAsync(client));
        Assert.Contains(await jobs.ListUnknownOutcomesAsync(10, TestContext.Current.CancellationToken), j => j.Id == id);
        Assert.Equal(800_000, (await jobs.SettleUnknownOutcomeAsync(id, vendorCharged: true, TestContext.Current.CancellationToken)).Value);
        Assert.Equal((4.2m, 0m, 4.2m), await BalanceAsync(client));
        await AssertLedgerExplainsBalanceAsync(client);
    }

    [Fact]
    public async Task A_fallback_that_succeeds_captures_the_model_that_ran_and_releases_the_rest_of_the_worst_case()
    {
        var refusing = new ScriptedVendor("refusing", qualityRank: 90, pricePerSecondMicros: 300_000, refuseSubmit: true);
        using var gateway = new GatewayFactory().WithVendor(refusing).With("Reelgate:Vendors:Local:PricePerSecondUsd", PricePerSecond);
        await gateway.GrantAsync("fallback-ok", 5m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("fallback-ok"));

        var id = await client.GenerateAsync("""{"prompt": "the local vendor saves the day", "duration_seconds": 2, "prefer": "smartest"}""");
        var job = await client.WaitForSuccessAsync(id);

        Assert.Equal("local", job.GetProperty("vendor").GetString());
        Assert.Equal(0.2m, job.GetProperty("cost_usd").GetDecimal());
        var ledger = await LedgerAsync(client);
        Assert.Equal(0.6m, ledger.Single(e => e.GetProperty("kind").GetString() == "hold").GetProperty("amount_usd").GetDecimal());
        Assert.Equal(0.4m, ledger.Single(e => e.GetProperty("kind").GetString() == "release").GetProperty("amount_usd").GetDecimal());
        Assert.Equal((4.8m, 0m, 4.8m), await BalanceAsync(client));
    }

    [Fact]
    public async Task A_randomized_workload_leaves_a_ledger_that_sums_to_the_balance()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Vendors:Local:PricePerSecondUsd", "0.013").With("Reelgate:Vendors:Local:MaxConcurrentRenders", "2");
        await gateway.GrantAsync("random", 1.5m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("random"));
        var random = new Random(1234);
        var ids = new List<string>();

        for (var i = 0; i < 40; i++)
        {
            var response = await client.PostJsonAsync("/v1/video/generate", $$"""{"prompt": "random {{i}}", "duration_seconds": {{random.Next(1, 4)}}}""");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                ids.Add((await response.JsonAsync(HttpStatusCode.Accepted)).GetProperty("job_id").GetString()!);
            }

            if (ids.Count > 0 && random.Next(4) == 0)
            {
                var victim = ids[random.Next(ids.Count)];
                _ = random.Next(2) == 0
                    ? await client.PostJsonAsync($"/v1/video/cancel/{victim}", "{}")
                    : await client.DeleteAsync($"/v1/video/delete/{victim}", TestContext.Current.CancellationToken);
            }
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await BalanceAsync(client)).Held != 0 && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        var (balance, held, available) = await BalanceAsync(client);
        Assert.Equal(0m, held);
        Assert.True(balance >= 0 && available >= 0);
        Assert.True(balance < 1.5m, "some jobs were charged");
        await AssertLedgerExplainsBalanceAsync(client);
    }

    [Fact]
    public async Task Money_round_trips_exactly_without_floating_point_noise()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        await gateway.GrantAsync("cents", 0.1m);
        await gateway.GrantAsync("cents", 0.2m);
        var client = gateway.CreateClient(await gateway.CreateKeyAsync("cents"));

        var text = await client.GetStringAsync("/v1/account/balance", TestContext.Current.CancellationToken);

        Assert.Equal("""{"balance_usd":0.3,"held_usd":0,"available_usd":0.3}""", text);
    }

    [Fact]
    public async Task Account_endpoints_refuse_bad_input_with_the_envelope()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        var client = await gateway.CreateClientForNewProjectAsync();

        foreach (var body in new[] { "{}", """{"amount_usd": -5}""", """{"amount_usd": 0}""", """{"amount_usd": 1.005}""", """{"amount_usd": 1e9}""", """{"amount_usd": "ten"}""", "{" })
        {
            await (await client.PostJsonAsync("/v1/account/topup", body)).AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        }

        await (await client.GetAsync("/v1/account/ledger?cursor=zzz", TestContext.Current.CancellationToken)).AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        await (await client.GetAsync("/v1/account/ledger?limit=0", TestContext.Current.CancellationToken)).AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        await (await gateway.CreateClient().GetAsync("/v1/account/balance", TestContext.Current.CancellationToken)).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task The_ledger_pages_newest_first_by_cursor()
    {
        using var gateway = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");
        for (var i = 1; i <= 5; i++)
        {
            await gateway.GrantAsync("pages", i);
        }

        var client = gateway.CreateClient(await gateway.CreateKeyAsync("pages"));
        var first = await (await client.GetAsync("/v1/account/ledger?limit=3", TestContext.Current.CancellationToken)).JsonAsync();
        var second = await (await client.GetAsync($"/v1/account/ledger?limit=3&cursor={first.GetProperty("next_cursor").GetString()}", TestContext.Current.CancellationToken)).JsonAsync();

        var amounts = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("amount_usd").GetDecimal());
        Assert.Equal([5m, 4m, 3m, 2m, 1m], amounts);
        Assert.False(second.TryGetProperty("next_cursor", out _));
    }

    internal static async Task<(decimal Balance, decimal Held, decimal Available)> BalanceAsync(HttpClient client)
    {
        var body = await (await client.GetAsync("/v1/account/balance", TestContext.Current.CancellationToken)).JsonAsync();
        return (body.GetProperty("balance_usd").GetDecimal(), body.GetProperty("held_usd").GetDecimal(), body.GetProperty("available_usd").GetDecimal());
    }

    internal static async Task<List<JsonElement>> LedgerAsync(HttpClient client)
    {
        var rows = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/v1/account/ledger?limit=200{(cursor is null ? string.Empty : "&cursor=" + cursor)}", TestContext.Current.CancellationToken)).JsonAsync();
            rows.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        return rows;
    }

    /// <summary>Balance and held credit are derivable from the ledger alone, and each row's running totals agree.</summary>
    internal static async Task AssertLedgerExplainsBalanceAsync(HttpClient client)
    {
        var ledger = await LedgerAsync(client);
        decimal Sum(params string[] kinds) => ledger.Where(e => kinds.Contains(e.GetProperty("kind").GetString())).Sum(e => e.GetProperty("amount_usd").GetDecimal());
        var (balance, held, _) = await BalanceAsync(client);
        Assert.Equal(balance, Sum("grant", "topup") - Sum("capture"));
        Assert.Equal(held, Sum("hold") - Sum("capture", "release"));
        Assert.All(ledger, e => Assert.True(e.GetProperty("balance_after_usd").GetDecimal() >= e.GetProperty("held_after_usd").GetDecimal() || e.GetProperty("kind").GetString() is "grant" or "topup"));
        foreach (var perJob in ledger.Where(e => e.TryGetProperty("job_id", out _)).GroupBy(e => e.GetProperty("job_id").GetString()))
        {
            Assert.Equal(perJob.Count(), perJob.Select(e => e.GetProperty("kind").GetString()).Distinct().Count());
        }
    }

    private static string[] KindsOf(List<JsonElement> ledger, string jobId)
        => [.. ledger.Where(e => e.TryGetProperty("job_id", out var j) && j.GetString() == jobId).OrderBy(e => e.GetProperty("id").GetInt64()).Select(e => e.GetProperty("kind").GetString()!)];
}
