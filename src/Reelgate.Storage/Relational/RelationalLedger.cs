using System.Data.Common;
using Dapper;
using Reelgate.Core.Billing;

namespace Reelgate.Storage.Relational;

/// <summary>
/// The one place that moves credit: each movement updates the running total and appends its
/// ledger row in the caller's transaction, so the two can never disagree. Every movement first
/// takes the dialect's project lock (a no-op where writers are already serialised).
/// </summary>
internal static class RelationalLedger
{
    public static async Task<AccountBalance> ReadBalanceAsync(DbConnection connection, DbTransaction? transaction, string projectId, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<LedgerRows.BalanceRow>(new CommandDefinition(
            "SELECT balance_micros AS Balance, held_micros AS Held FROM accounts WHERE project_id = @projectId",
            new { projectId },
            transaction,
            cancellationToken: cancellationToken));
        return row is null ? new AccountBalance(0, 0) : new AccountBalance(row.Balance, row.Held);
    }

    /// <summary>Applies one movement and appends its row; answers the row.</summary>
    public static async Task<LedgerEntry> MoveAsync(
        IRelationalDialect dialect,
        DbConnection connection,
        DbTransaction transaction,
        string projectId,
        LedgerKind kind,
        long amountMicros,
        string? jobId,
        string? topUpId,
        string? note,
        long nowMs,
        CancellationToken cancellationToken)
    {
        await dialect.LockProjectAsync(connection, transaction, projectId, cancellationToken);
        var (balanceDelta, heldDelta) = LedgerRows.Deltas(kind, amountMicros);

        // The columns are qualified because PostgreSQL finds a bare name ambiguous beside EXCLUDED.
        var totals = await connection.QuerySingleAsync<LedgerRows.BalanceRow>(new CommandDefinition(
            """
            INSERT INTO accounts (project_id, balance_micros, held_micros, updated_at) VALUES (@projectId, @balanceDelta, @heldDelta, @nowMs)
            ON CONFLICT (project_id) DO UPDATE SET
                balance_micros = accounts.balance_micros + @balanceDelta, held_micros = accounts.held_micros + @heldDelta, updated_at = @nowMs
            RETURNING balance_micros AS Balance, held_micros AS Held
            """,
            new { projectId, balanceDelta, heldDelta, nowMs },
            transaction,
            cancellationToken: cancellationToken));
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO ledger (project_id, kind, amount_micros, job_id, topup_id, note, balance_after, held_after, created_at)
            VALUES (@projectId, @kind, @amountMicros, @jobId, @topUpId, @note, @Balance, @Held, @nowMs)
            RETURNING id
            """,
            new { projectId, kind = (int)kind, amountMicros, jobId, topUpId, note, totals.Balance, totals.Held, nowMs },
            transaction,
            cancellationToken: cancellationToken));
        return new LedgerEntry(id, projectId, kind, amountMicros, jobId, topUpId, note, totals.Balance, totals.Held, DateTimeOffset.FromUnixTimeMilliseconds(nowMs));
    }

    /// <summary>
    /// Settles a job's hold once: captures <paramref name="captureMicros"/> (at most the hold) and
    /// releases the rest. A settled job holds 0, so settling again does nothing. Where writers run
    /// concurrently the caller has locked the job row (its conditional update or <c>FOR UPDATE</c>).
    /// </summary>
    public static async Task SettleAsync(IRelationalDialect dialect, DbConnection connection, DbTransaction transaction, string projectId, string jobId, long holdMicros, long captureMicros, long nowMs, CancellationToken cancellationToken)
    {
        if (holdMicros <= 0)
        {
            return;
        }

        var capture = Math.Clamp(captureMicros, 0, holdMicros);
        if (capture > 0)
        {
            await MoveAsync(dialect, connection, transaction, projectId, LedgerKind.Capture, capture, jobId, null, null, nowMs, cancellationToken);
        }

        if (holdMicros - capture > 0)
        {
            await MoveAsync(dialect, connection, transaction, projectId, LedgerKind.Release, holdMicros - capture, jobId, null, null, nowMs, cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET hold_micros = 0 WHERE id = @jobId", new { jobId }, transaction, cancellationToken: cancellationToken));
    }
}
