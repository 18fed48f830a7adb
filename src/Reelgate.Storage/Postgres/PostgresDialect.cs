using System.Data.Common;
using Dapper;
using Reelgate.Core.Jobs;
using Reelgate.Storage.Relational;

namespace Reelgate.Storage.Postgres;

/// <summary>
/// PostgreSQL's side of the shared stores: writers run concurrently at READ COMMITTED, so credit
/// decisions take the project's transaction lock and claims skip rows other nodes hold.
/// </summary>
internal sealed class PostgresDialect : IRelationalDialect
{
    public static readonly PostgresDialect Instance = new();

    /// <summary>The one-bigint advisory key of claims and node-lease hand-backs ("Reelgate" + "disp").</summary>
    private const long DispatchLockKey = 0x5265_656C_6469_7370;

    private PostgresDialect()
    {
    }

    public string SkipLocked => "FOR UPDATE SKIP LOCKED";

    /// <summary>
    /// Lock order: a transaction locks the job rows it changes before the project, never the other
    /// way round. One-bigint keys, kept apart by PostgreSQL from the migration lock's two-int key.
    /// </summary>
    public Task LockProjectAsync(DbConnection connection, DbTransaction transaction, string projectId, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@projectId, 0))", new { projectId }, transaction, cancellationToken: cancellationToken));

    public string ForUpdate => "FOR UPDATE";

    public string ProjectJobsWhere => "id IN (SELECT id FROM jobs WHERE project_id = @projectId AND deleted_at IS NULL ORDER BY id FOR UPDATE)";

    public string IsAnyOf(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public async Task<IReadOnlyList<string>> LockForClaimAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        => [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM jobs WHERE id = ANY(@ids) ORDER BY id FOR UPDATE SKIP LOCKED", new { ids = ids.ToArray() }, transaction, cancellationToken: cancellationToken))];

    /// <summary>
    /// Claims are short (a few reads and one update) and one node claims a batch at a time, so taking
    /// them in turn costs little and makes the per-vendor slot count exact. Project locks hash names
    /// into the same one-bigint space; a collision would only make two unrelated waits queue.
    /// </summary>
    public Task LockDispatchAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@key)", new { key = DispatchLockKey }, transaction, cancellationToken: cancellationToken));

    public Task JobChangedAsync(DbConnection connection, DbTransaction transaction, string jobId, CancellationToken cancellationToken)
        => PostgresNotifications.JobChangedAsync(connection, transaction, jobId, cancellationToken);

    public Task JobsChangedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
        => PostgresNotifications.JobsChangedAsync(connection, transaction, jobs, cancellationToken);

    public Task WorkAvailableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        => PostgresNotifications.WorkAvailableAsync(connection, transaction, cancellationToken);
}
