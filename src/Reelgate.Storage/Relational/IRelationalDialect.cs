using System.Data.Common;
using Reelgate.Core.Jobs;

namespace Reelgate.Storage.Relational;

/// <summary>The SQL and locking that differ between SQLite and PostgreSQL in the shared stores.</summary>
internal interface IRelationalDialect
{
    /// <summary>
    /// Appended to a subquery that picks rows to change in batches (expiry, webhook deliveries). SQLite
    /// has one writer, so the picked rows cannot be taken meanwhile; PostgreSQL writers on several
    /// nodes must skip each other's rows.
    /// </summary>
    string SkipLocked { get; }

    /// <summary>
    /// Serialises the project's credit decisions until the transaction ends, so concurrent
    /// movements never over-draw and each ledger row's balance-after follows the one before it.
    /// </summary>
    Task LockProjectAsync(DbConnection connection, DbTransaction transaction, string projectId, CancellationToken cancellationToken);

    /// <summary>
    /// Appended to a select of a row the transaction then changes. Where writers run concurrently it
    /// locks the row, so what was read is what gets written; SQLite's single writer needs nothing.
    /// </summary>
    string ForUpdate { get; }

    /// <summary>
    /// The rows a project-wide delete changes. PostgreSQL locks them in id order first, so two such
    /// deletes on one project cannot deadlock each other.
    /// </summary>
    string ProjectJobsWhere { get; }

    /// <summary>
    /// Serialises claims and node-lease hand-backs across the deployment until the transaction ends,
    /// so the vendor slots a claim counts are the slots in use when it commits. SQLite's single writer
    /// serialises them already.
    /// </summary>
    Task LockDispatchAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Of the picked job ids, those the claim can take now: PostgreSQL locks them in id order (the
    /// order every multi-row change of jobs locks in, so they cannot deadlock) and skips rows another
    /// transaction is changing (a cancel, a delete), which a later claim finds; SQLite's one writer
    /// needs nothing.
    /// </summary>
    Task<IReadOnlyList<string>> LockForClaimAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>
    /// A test that <paramref name="column"/> equals one of the values of the list parameter
    /// <paramref name="parameter"/>. Dapper expands a list into one parameter per value for SQLite and
    /// sends it as one array to PostgreSQL, so the SQL around it differs (<c>IN @p</c>, <c>= ANY(@p)</c>).
    /// </summary>
    string IsAnyOf(string column, string parameter);

    /// <summary>Tells other gateway processes, once the transaction commits, that a job changed.</summary>
    Task JobChangedAsync(DbConnection connection, DbTransaction transaction, string jobId, CancellationToken cancellationToken);

    /// <summary>As <see cref="JobChangedAsync"/>, for every job of a batch.</summary>
    Task JobsChangedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Job> jobs, CancellationToken cancellationToken);

    /// <summary>Tells other gateway processes' dispatchers, once the transaction commits, that a job became claimable.</summary>
    Task WorkAvailableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);
}
