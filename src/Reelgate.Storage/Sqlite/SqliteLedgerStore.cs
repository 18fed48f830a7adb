using Dapper;
using Reelgate.Core.Billing;

namespace Reelgate.Storage.Sqlite;

internal sealed class SqliteLedgerStore(SqliteDatabase database) : ILedgerStore
{
    private const string TopUpColumns = """
        id AS Id, project_id AS ProjectId, amount_micros AS AmountMicros, provider AS Provider, provider_ref AS ProviderRef,
        checkout_url AS CheckoutUrl, state AS State, created_at AS CreatedAt, expires_at AS ExpiresAt, credited_at AS CreditedAt
        """;

    public async Task<AccountBalance> GetBalanceAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await SqliteLedger.ReadBalanceAsync(connection, null, projectId, cancellationToken);
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListLedgerAsync(string projectId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LedgerRow>(new CommandDefinition(
            """
            SELECT id AS Id, project_id AS ProjectId, kind AS Kind, amount_micros AS AmountMicros, job_id AS JobId, topup_id AS TopUpId,
                   note AS Note, balance_after AS BalanceAfter, held_after AS HeldAfter, created_at AS CreatedAt
            FROM ledger WHERE project_id = @projectId AND (@beforeId IS NULL OR id < @beforeId)
            ORDER BY id DESC LIMIT @limit
            """,
            new { projectId, beforeId, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new LedgerEntry(
            r.Id, r.ProjectId, (LedgerKind)r.Kind, r.AmountMicros, r.JobId, r.TopUpId, r.Note, r.BalanceAfter, r.HeldAfter,
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt)))];
    }

    public Task<LedgerEntry> GrantAsync(string projectId, long amountMicros, string? note, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(
            (connection, transaction) => SqliteLedger.MoveAsync(connection, transaction, projectId, LedgerKind.Grant, amountMicros, null, null, note, now.ToUnixTimeMilliseconds(), cancellationToken),
            cancellationToken);

    public Task CreateTopUpAsync(TopUp topUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topUp);
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO topups (id, project_id, amount_micros, provider, provider_ref, checkout_url, state, created_at, expires_at)
                VALUES (@Id, @ProjectId, @AmountMicros, @Provider, @ProviderRef, @CheckoutUrl, @State, @createdAt, @expiresAt)
                """,
                new
                {
                    topUp.Id,
                    topUp.ProjectId,
                    topUp.AmountMicros,
                    topUp.Provider,
                    topUp.ProviderRef,
                    topUp.CheckoutUrl,
                    State = (int)topUp.State,
                    createdAt = topUp.CreatedAt.ToUnixTimeMilliseconds(),
                    expiresAt = topUp.ExpiresAt.ToUnixTimeMilliseconds(),
                },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task SetTopUpCheckoutAsync(string topUpId, string providerRef, string checkoutUrl, CancellationToken cancellationToken)
        => database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                "UPDATE topups SET provider_ref = @providerRef, checkout_url = @checkoutUrl WHERE id = @topUpId",
                new { topUpId, providerRef, checkoutUrl },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public async Task<TopUp?> GetTopUpAsync(string topUpId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TopUpRow>(new CommandDefinition(
            $"SELECT {TopUpColumns} FROM topups WHERE id = @topUpId", new { topUpId }, cancellationToken: cancellationToken));
        return row?.ToTopUp();
    }

    public async Task<TopUp?> FindTopUpByProviderRefAsync(string provider, string providerRef, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TopUpRow>(new CommandDefinition(
            $"SELECT {TopUpColumns} FROM topups WHERE provider = @provider AND provider_ref = @providerRef",
            new { provider, providerRef },
            cancellationToken: cancellationToken));
        return row?.ToTopUp();
    }

    public Task<CreditTopUpOutcome> CreditTopUpAsync(string topUpId, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();

            // The conditional pending → credited update is the exactly-once guard: a second
            // delivery of the same confirmation matches no row.
            var credited = await connection.QuerySingleOrDefaultAsync<TopUpRow>(new CommandDefinition(
                $"UPDATE topups SET state = 1, credited_at = @nowMs WHERE id = @topUpId AND state = 0 RETURNING {TopUpColumns}",
                new { topUpId, nowMs },
                transaction,
                cancellationToken: cancellationToken));
            if (credited is not null)
            {
                await SqliteLedger.MoveAsync(connection, transaction, credited.ProjectId, LedgerKind.TopUp, credited.AmountMicros, null, topUpId, credited.Provider, nowMs, cancellationToken);
                return CreditTopUpOutcome.Credited;
            }

            var state = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT state FROM topups WHERE id = @topUpId", new { topUpId }, transaction, cancellationToken: cancellationToken));
            return state switch
            {
                null => CreditTopUpOutcome.NotFound,
                (long)TopUpState.Credited => CreditTopUpOutcome.AlreadyCredited,
                _ => CreditTopUpOutcome.Expired,
            };
        }, cancellationToken);

    private sealed class LedgerRow
    {
        public long Id { get; set; }
        public string ProjectId { get; set; } = "";
        public long Kind { get; set; }
        public long AmountMicros { get; set; }
        public string? JobId { get; set; }
        public string? TopUpId { get; set; }
        public string? Note { get; set; }
        public long BalanceAfter { get; set; }
        public long HeldAfter { get; set; }
        public long CreatedAt { get; set; }
    }

    private sealed class TopUpRow
    {
        public string Id { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public long AmountMicros { get; set; }
        public string Provider { get; set; } = "";
        public string? ProviderRef { get; set; }
        public string? CheckoutUrl { get; set; }
        public long State { get; set; }
        public long CreatedAt { get; set; }
        public long ExpiresAt { get; set; }
        public long? CreditedAt { get; set; }

        public TopUp ToTopUp() => new()
        {
            Id = Id,
            ProjectId = ProjectId,
            AmountMicros = AmountMicros,
            Provider = Provider,
            ProviderRef = ProviderRef,
            CheckoutUrl = CheckoutUrl,
            State = (TopUpState)State,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt),
            CreditedAt = CreditedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        };
    }
}
