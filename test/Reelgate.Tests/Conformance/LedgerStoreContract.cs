using Reelgate.Core.Billing;
using static Reelgate.Tests.Conformance.ContractData;

namespace Reelgate.Tests.Conformance;

public abstract class LedgerStoreContract : StoreContract
{
    private DateTimeOffset Now => Store.Time.GetUtcNow();

    // ---- balance and grants ----

    [Fact]
    public async Task GetBalance_of_a_project_without_movements_is_zero()
    {
        var project = await Store.ProjectAsync();

        var balance = await Store.Ledger.GetBalanceAsync(project, CancellationToken);

        Assert.Equal(new AccountBalance(0, 0), balance);
        Assert.Equal(0, balance.AvailableMicros);
        Assert.Empty(await Store.Ledger.ListLedgerAsync(project, null, 10, CancellationToken));
    }

    [Fact]
    public async Task Grant_credits_the_balance_and_answers_its_row_with_the_balance_after()
    {
        var project = await Store.ProjectAsync();

        var first = await Store.Ledger.GrantAsync(project, 5 * Usd, "welcome", Now, CancellationToken);
        Store.Time.Advance(TimeSpan.FromSeconds(3));
        var second = await Store.OpenInstance().Ledger.GrantAsync(project, 2_500_000, null, Now, CancellationToken);

        Assert.Equal(project, first.ProjectId);
        Assert.Equal(LedgerKind.Grant, first.Kind);
        Assert.Equal(5 * Usd, first.AmountMicros);
        Assert.Equal("welcome", first.Note);
        Assert.Null(first.JobId);
        Assert.Null(first.TopUpId);
        Assert.Equal((5 * Usd, 0L), (first.BalanceAfterMicros, first.HeldAfterMicros));
        Assert.Equal(StoreHarness.Start, first.CreatedAt);
        Assert.Null(second.Note);
        Assert.Equal((7_500_000L, 0L), (second.BalanceAfterMicros, second.HeldAfterMicros));
        Assert.Equal(StoreHarness.Start.AddSeconds(3), second.CreatedAt);
        Assert.True(second.Id > first.Id);

        var balance = await Store.OpenInstance().Ledger.GetBalanceAsync(project, CancellationToken);
        Assert.Equal(new AccountBalance(7_500_000, 0), balance);
        Assert.Equal(7_500_000, balance.AvailableMicros);

        // The rows as listed are the rows as answered.
        Assert.Equal([second, first], await Store.Ledger.ListLedgerAsync(project, null, 10, CancellationToken));
    }

    [Fact]
    public async Task GetBalance_and_ListLedger_are_scoped_to_the_project()
    {
        var acme = await Store.ProjectAsync("acme");
        var other = await Store.ProjectAsync("other");

        await Store.Ledger.GrantAsync(acme, 3 * Usd, null, Now, CancellationToken);
        await Store.Ledger.GrantAsync(other, 1 * Usd, null, Now, CancellationToken);

        Assert.Equal(new AccountBalance(3 * Usd, 0), await Store.Ledger.GetBalanceAsync(acme, CancellationToken));
        Assert.Equal(new AccountBalance(1 * Usd, 0), await Store.Ledger.GetBalanceAsync(other, CancellationToken));
        Assert.Equal([3 * Usd], (await Store.Ledger.AllLedgerAsync(acme)).Select(r => r.AmountMicros));
        Assert.Equal([1 * Usd], (await Store.Ledger.AllLedgerAsync(other)).Select(r => r.AmountMicros));
        Assert.Equal(new AccountBalance(0, 0), await Store.Ledger.GetBalanceAsync("proj_unknown", CancellationToken));
    }

    [Fact]
    public async Task Grant_from_two_instances_concurrently_loses_no_credit()
    {
        var project = await Store.ProjectAsync();
        var instances = new[] { Store.Primary, Store.OpenInstance() };
        var gate = NewGate();

        var grants = Enumerable.Range(1, 60).Select(i => Task.Run(
            async () =>
            {
                await gate.Task;
                return await instances[i % 2].Ledger.GrantAsync(project, i * 1_000, null, Now, CancellationToken);
            },
            CancellationToken)).ToList();
        gate.SetResult();
        var rows = await Task.WhenAll(grants);

        var expected = Enumerable.Range(1, 60).Sum(i => i * 1_000L);
        Assert.Equal(new AccountBalance(expected, 0), await Store.Ledger.GetBalanceAsync(project, CancellationToken));
        Assert.Equal(60, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal(60, rows.Select(r => r.BalanceAfterMicros).Distinct().Count());
        var ledger = await Store.Ledger.AllLedgerAsync(project);
        AssertExplains(ledger, new AccountBalance(expected, 0));
    }

    // ---- ledger listing ----

    [Fact]
    public async Task ListLedger_pages_newest_first_through_every_row_exactly_once()
    {
        var project = await Store.ProjectAsync("acme");
        var other = await Store.ProjectAsync("other");
        var written = new List<LedgerEntry>();
        for (var i = 1; i <= 95; i++)
        {
            written.Add(await Store.Ledger.GrantAsync(project, i * 1_000, $"grant {i}", Now, CancellationToken));
            await Store.Ledger.GrantAsync(other, 7, null, Now, CancellationToken);
            Store.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var seen = new List<LedgerEntry>();
        var pages = 0;
        long? before = null;
        while (true)
        {
            var page = await Store.OpenInstance().Ledger.ListLedgerAsync(project, before, 10, CancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 10);
            pages++;
            seen.AddRange(page);
            before = page[^1].Id;
        }

        Assert.Equal(10, pages);
        Assert.Equal(written.AsEnumerable().Reverse(), seen);
        Assert.Equal(seen.Select(r => r.Id).Distinct().OrderDescending(), seen.Select(r => r.Id));
        Assert.All(seen, r => Assert.Equal(project, r.ProjectId));
        Assert.Equal(Enumerable.Range(1, 95).Reverse().Select(i => $"grant {i}"), seen.Select(r => r.Note));
        Assert.Equal(Enumerable.Range(1, 95).Reverse().Select(i => i * (i + 1) / 2 * 1_000L), seen.Select(r => r.BalanceAfterMicros));
        AssertExplains(seen, await Store.Ledger.GetBalanceAsync(project, CancellationToken));
    }

    [Fact]
    public async Task ListLedger_respects_the_limit_and_the_cursor()
    {
        var project = await Store.ProjectAsync();
        var rows = new List<LedgerEntry>();
        for (var i = 1; i <= 5; i++)
        {
            rows.Add(await Store.Ledger.GrantAsync(project, i, null, Now, CancellationToken));
        }

        var newest = await Store.Ledger.ListLedgerAsync(project, null, 2, CancellationToken);
        var belowThird = await Store.Ledger.ListLedgerAsync(project, rows[2].Id, 100, CancellationToken);
        var belowFirst = await Store.Ledger.ListLedgerAsync(project, rows[0].Id, 100, CancellationToken);

        Assert.Equal([rows[4], rows[3]], newest);
        Assert.Equal([rows[1], rows[0]], belowThird);
        Assert.Empty(belowFirst);
    }

    // ---- top-ups ----

    [Fact]
    public async Task CreateTopUp_then_GetTopUp_answers_it_pending_and_moves_no_credit()
    {
        var project = await Store.ProjectAsync();
        var topUp = Store.NewTopUp(project, 20 * Usd);

        await Store.Ledger.CreateTopUpAsync(topUp, CancellationToken);
        var found = await Store.OpenInstance().Ledger.GetTopUpAsync(topUp.Id, CancellationToken);

        Assert.Equal(topUp, found);
        Assert.Null(await Store.Ledger.GetTopUpAsync("topup_unknown", CancellationToken));
        Assert.Equal(new AccountBalance(0, 0), await Store.Ledger.GetBalanceAsync(project, CancellationToken));
        Assert.Empty(await Store.Ledger.AllLedgerAsync(project));
    }

    [Fact]
    public async Task SetTopUpCheckout_records_the_provider_ref_and_FindTopUpByProviderRef_finds_it()
    {
        var project = await Store.ProjectAsync();
        var topUp = Store.NewTopUp(project, 20 * Usd, provider: "stripe");
        var unrelated = Store.NewTopUp(project, 5 * Usd, provider: "stripe");
        await Store.Ledger.CreateTopUpAsync(topUp, CancellationToken);
        await Store.Ledger.CreateTopUpAsync(unrelated, CancellationToken);

        await Store.Ledger.SetTopUpCheckoutAsync(topUp.Id, "cs_test_123", "https://checkout.example.com/cs_test_123", CancellationToken);
        await Store.Ledger.SetTopUpCheckoutAsync(unrelated.Id, "cs_test_456", "https://checkout.example.com/cs_test_456", CancellationToken);
        var other = Store.OpenInstance().Ledger;

        var expected = topUp with { ProviderRef = "cs_test_123", CheckoutUrl = "https://checkout.example.com/cs_test_123" };
        Assert.Equal(expected, await other.GetTopUpAsync(topUp.Id, CancellationToken));
        Assert.Equal(expected, await other.FindTopUpByProviderRefAsync("stripe", "cs_test_123", CancellationToken));
        Assert.Null(await other.FindTopUpByProviderRefAsync("manual", "cs_test_123", CancellationToken));
        Assert.Null(await other.FindTopUpByProviderRefAsync("stripe", "cs_test_999", CancellationToken));
    }

    [Fact]
    public async Task CreditTopUp_credits_once_with_its_row_and_a_second_confirmation_is_already_credited()
    {
        var project = await Store.ProjectAsync();
        await Store.Ledger.GrantAsync(project, 1 * Usd, null, Now, CancellationToken);
        var topUp = Store.NewTopUp(project, 20 * Usd);
        await Store.Ledger.CreateTopUpAsync(topUp, CancellationToken);
        Store.Time.Advance(TimeSpan.FromMinutes(5));
        var creditedAt = Now;

        var first = await Store.Ledger.CreditTopUpAsync(topUp.Id, creditedAt, CancellationToken);
        Store.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await Store.OpenInstance().Ledger.CreditTopUpAsync(topUp.Id, Now, CancellationToken);

        Assert.Equal(CreditTopUpOutcome.Credited, first);
        Assert.Equal(CreditTopUpOutcome.AlreadyCredited, second);
        Assert.Equal(topUp with { State = TopUpState.Credited, CreditedAt = creditedAt }, await Store.Ledger.GetTopUpAsync(topUp.Id, CancellationToken));
        Assert.Equal(new AccountBalance(21 * Usd, 0), await Store.Ledger.GetBalanceAsync(project, CancellationToken));
        var ledger = await Store.Ledger.AllLedgerAsync(project);
        Assert.Equal(2, ledger.Count);
        var row = ledger[0];
        Assert.Equal((LedgerKind.TopUp, 20 * Usd, topUp.Id, (string?)null), (row.Kind, row.AmountMicros, row.TopUpId, row.JobId));
        Assert.Equal((21 * Usd, 0L), (row.BalanceAfterMicros, row.HeldAfterMicros));
        Assert.Equal(creditedAt, row.CreatedAt);
    }

    [Fact]
    public async Task CreditTopUp_of_an_unknown_top_up_is_not_found_and_moves_nothing()
    {
        var project = await Store.ProjectAsync();

        var outcome = await Store.Ledger.CreditTopUpAsync("topup_unknown", Now, CancellationToken);

        Assert.Equal(CreditTopUpOutcome.NotFound, outcome);
        Assert.Empty(await Store.Ledger.AllLedgerAsync(project));
    }

    [Fact]
    public async Task CreditTopUp_confirmed_concurrently_from_two_instances_credits_each_exactly_once()
    {
        var project = await Store.ProjectAsync();
        var topUps = Enumerable.Range(1, 15).Select(i => Store.NewTopUp(project, i * Usd)).ToList();
        foreach (var topUp in topUps)
        {
            await Store.Ledger.CreateTopUpAsync(topUp, CancellationToken);
        }

        var instances = new[] { Store.Primary, Store.OpenInstance() };
        var gate = NewGate();
        var confirmations = topUps
            .SelectMany(topUp => Enumerable.Range(0, 6).Select(n => (topUp.Id, Task: Task.Run(
                async () =>
                {
                    await gate.Task;
                    return await instances[n % 2].Ledger.CreditTopUpAsync(topUp.Id, Now, CancellationToken);
                },
                CancellationToken))))
            .ToList();
        gate.SetResult();
        await Task.WhenAll(confirmations.Select(c => c.Task));

        foreach (var group in confirmations.GroupBy(c => c.Id, StringComparer.Ordinal))
        {
            var outcomes = group.Select(c => c.Task.Result).ToList();
            Assert.Equal(1, outcomes.Count(o => o == CreditTopUpOutcome.Credited));
            Assert.Equal(5, outcomes.Count(o => o == CreditTopUpOutcome.AlreadyCredited));
        }

        var total = topUps.Sum(t => t.AmountMicros);
        var balance = await Store.Ledger.GetBalanceAsync(project, CancellationToken);
        Assert.Equal(new AccountBalance(total, 0), balance);
        var ledger = await Store.Ledger.AllLedgerAsync(project);
        Assert.Equal(topUps.Select(t => t.Id).Order(StringComparer.Ordinal), ledger.Select(r => r.TopUpId!).Order(StringComparer.Ordinal));
        Assert.All(ledger, r => Assert.Equal(LedgerKind.TopUp, r.Kind));
        AssertExplains(ledger, balance);
        foreach (var topUp in topUps)
        {
            Assert.Equal(TopUpState.Credited, (await Store.Ledger.GetTopUpAsync(topUp.Id, CancellationToken))?.State);
        }
    }
}

public sealed class SqliteLedgerStoreContract : LedgerStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => SqliteStoreHarness.CreateAsync();
}

public sealed class PostgresLedgerStoreContract : LedgerStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => PostgresStoreHarness.CreateAsync();
}
