using System.Data.Common;
using Dapper;
using Reelgate.Core.Jobs;
using Reelgate.Storage.Relational;

namespace Reelgate.Storage.Sqlite;

/// <summary>
/// SQLite's side of the shared stores: its single writer (BEGIN IMMEDIATE behind the write gate)
/// already serialises every credit decision and claim, so there is nothing more to lock.
/// </summary>
internal sealed class SqliteDialect : IRelationalDialect
{
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect()
    {
    }

    public string SkipLocked => "";

    public Task LockProjectAsync(DbConnection connection, DbTransaction transaction, string projectId, CancellationToken cancellationToken)
        => Task.CompletedTask;

    public string ForUpdate => "";

    public string ProjectJobsWhere => "project_id = @projectId AND deleted_at IS NULL";

    public async Task<(IReadOnlyList<Job> Claimed, IReadOnlyList<Job> Starting)> ClaimJobsAsync(
        DbConnection connection, DbTransaction transaction, string owner, int max, long nowMs, long leaseUntilMs, bool needStarting, CancellationToken cancellationToken)
    {
        // Which jobs start now (queued) as opposed to being taken over (already running); only
        // needed for video.running webhooks, so the claim's hot path skips the read otherwise. The
        // write lock keeps this read and the update below consistent.
        var starting = needStarting
            ? (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT id FROM jobs WHERE deleted_at IS NULL AND state = 0 ORDER BY id LIMIT @max", new { max }, transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal)
            : null;
        var claimed = await JobRow.QueryAsync(connection, new CommandDefinition(
            $"""
            UPDATE jobs SET state = 1, lease_owner = @owner, lease_expires_at = @leaseUntil, updated_at = @now
            WHERE id IN (SELECT id FROM jobs
                   WHERE deleted_at IS NULL AND (state = 0 OR (state = 1 AND (lease_expires_at IS NULL OR lease_expires_at < @now)))
                   ORDER BY id LIMIT @max)
            RETURNING {JobRow.Columns}
            """,
            new { owner, max, now = nowMs, leaseUntil = leaseUntilMs },
            transaction,
            cancellationToken: cancellationToken));
        return (claimed, starting is null ? [] : [.. claimed.Where(j => starting.Contains(j.Id))]);
    }

    // SQLite has no channel between processes; this process's waiters hear of changes from
    // NotifyingJobStore, as on PostgreSQL.
    public Task JobChangedAsync(DbConnection connection, DbTransaction transaction, string jobId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task JobsChangedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Job> jobs, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WorkAvailableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;
}
