using Dapper;
using Reelgate.Core.Billing;

namespace Reelgate.Storage.Relational;

/// <summary>Balances, the ledger and top-ups on SQLite and PostgreSQL alike.</summary>
internal sealed class RelationalLedgerStore(IRelationalDatabase database, IRelationalDialect dialect) : ILedgerStore
{
    public async Task<AccountBalance> GetBalanceAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await RelationalLedger.ReadBalanceAsync(connection, null, projectId, cancellationToken);
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListLedgerAsync(string projectId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LedgerRows.LedgerRow>(new CommandDefinition(
            LedgerRows.LedgerPage, new { projectId, beforeId, limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    public Task<LedgerEntry> GrantAsync(string projectId, long amountMicros, string? note, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(
            (connection, transaction) => RelationalLedger.MoveAsync(dialect, connection, transaction, projectId, LedgerKind.Grant, amountMicros, null, null, note, now.ToUnixTimeMilliseconds(), cancellationToken),
            cancellationToken);

    public Task CreateTopUpAsync(TopUp topUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topUp);
        return database.WriteStatementAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                LedgerRows.InsertTopUp, LedgerRows.TopUpParameters(topUp), transaction, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task SetTopUpCheckoutAsync(string topUpId, string providerRef, string checkoutUrl, CancellationToken cancellationToken)
        => database.WriteStatementAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                "UPDATE topups SET provider_ref = @providerRef, checkout_url = @checkoutUrl WHERE id = @topUpId",
                new { topUpId, providerRef, checkoutUrl },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public async Task<TopUp?> GetTopUpAsync(string topUpId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LedgerRows.TopUpRow>(new CommandDefinition(
            $"SELECT {LedgerRows.TopUpColumns} FROM topups WHERE id = @topUpId", new { topUpId }, cancellationToken: cancellationToken));
        return row?.ToTopUp();
    }

    public async Task<TopUp?> FindTopUpByProviderRefAsync(string provider, string providerRef, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LedgerRows.TopUpRow>(new CommandDefinition(
            $"SELECT {LedgerRows.TopUpColumns} FROM topups WHERE provider = @provider AND provider_ref = @providerRef",
            new { provider, providerRef },
            cancellationToken: cancellationToken));
        return row?.ToTopUp();
    }

    public Task<CreditTopUpOutcome> CreditTopUpAsync(string topUpId, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();

            // The conditional pending → credited update is the exactly-once guard: a second delivery
            // of the same confirmation (on PostgreSQL a concurrent one waits for the row lock and is
            // rechecked against state = 0) matches no row.
            var credited = await connection.QuerySingleOrDefaultAsync<LedgerRows.TopUpRow>(new CommandDefinition(
                $"UPDATE topups SET state = 1, credited_at = @nowMs WHERE id = @topUpId AND state = 0 RETURNING {LedgerRows.TopUpColumns}",
                new { topUpId, nowMs },
                transaction,
                cancellationToken: cancellationToken));
            if (credited is not null)
            {
                await RelationalLedger.MoveAsync(dialect, connection, transaction, credited.ProjectId, LedgerKind.TopUp, credited.AmountMicros, null, topUpId, credited.Provider, nowMs, cancellationToken);
                return CreditTopUpOutcome.Credited;
            }

            return LedgerRows.OutcomeOf(await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT state FROM topups WHERE id = @topUpId", new { topUpId }, transaction, cancellationToken: cancellationToken)));
        }, cancellationToken);
}
