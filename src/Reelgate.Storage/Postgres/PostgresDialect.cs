using System.Data.Common;
using Dapper;
using Reelgate.Storage.Relational;

namespace Reelgate.Storage.Postgres;

/// <summary>
/// PostgreSQL's side of the shared stores: writers run concurrently at READ COMMITTED, so credit
/// decisions take the project's transaction lock and claims skip rows other nodes hold.
/// </summary>
internal sealed class PostgresDialect : IRelationalDialect
{
    public static readonly PostgresDialect Instance = new();

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
}
