using System.Data.Common;

namespace Reelgate.Storage.Relational;

/// <summary>The SQL and locking that differ between SQLite and PostgreSQL in the shared stores.</summary>
internal interface IRelationalDialect
{
    /// <summary>
    /// Appended to the subquery that picks rows to claim. SQLite has one writer, so the picked rows
    /// cannot be taken meanwhile; PostgreSQL writers on several nodes must skip each other's rows.
    /// </summary>
    string SkipLocked { get; }

    /// <summary>
    /// Serialises the project's credit decisions until the transaction ends, so concurrent
    /// movements never over-draw and each ledger row's balance-after follows the one before it.
    /// </summary>
    Task LockProjectAsync(DbConnection connection, DbTransaction transaction, string projectId, CancellationToken cancellationToken);
}
