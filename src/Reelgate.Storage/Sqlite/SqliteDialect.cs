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

    public string IsAnyOf(string column, string parameter) => $"{column} IN @{parameter}";

    public Task<IReadOnlyList<string>> LockForClaimAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        => Task.FromResult(ids);

    public Task LockDispatchAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    // SQLite has no channel between processes; this process's waiters hear of changes from
    // NotifyingJobStore, as on PostgreSQL.
    public Task JobChangedAsync(DbConnection connection, DbTransaction transaction, string jobId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task JobsChangedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Job> jobs, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WorkAvailableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;
}
