using System.Data.Common;

namespace Reelgate.Storage.Relational;

/// <summary>
/// What the shared stores need of a provider's database: connections, and write transactions
/// that keep the provider's own concurrency rules (SQLite's single queued writer, PostgreSQL's
/// concurrent READ COMMITTED writers).
/// </summary>
internal interface IRelationalDatabase
{
    /// <summary>An open connection, after the provider's migrations have run.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one statement that is atomic by itself. SQLite still queues it behind the other writers
    /// (the transaction is not null); PostgreSQL runs it in autocommit (the transaction is null),
    /// which saves the round trip of a COMMIT.
    /// </summary>
    Task<T> WriteStatementAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> statement, CancellationToken cancellationToken);

    /// <summary>
    /// A one-row read on the provider's fastest path (prepared statements, no Dapper) for the hot
    /// point reads. <paramref name="sql"/> names its string parameters <c>$1</c>, <c>$2</c>, … in the
    /// order of <paramref name="arguments"/>. Answers <paramref name="readRow"/> of the first row, or
    /// <paramref name="none"/> when there is none.
    /// </summary>
    Task<T> ReadRowAsync<T>(string sql, string[] arguments, Func<DbDataReader, T> readRow, T none, CancellationToken cancellationToken);
}
