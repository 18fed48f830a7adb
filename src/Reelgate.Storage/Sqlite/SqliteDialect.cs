using System.Data.Common;
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
}
