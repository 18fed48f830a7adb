using System.Data.Common;
using Reelgate.Core.Jobs;

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
    /// Claims up to <paramref name="max"/> queued jobs or running jobs whose lease expired. Answers
    /// the claimed jobs and, when <paramref name="needStarting"/>, those of them that were queued
    /// (they start now, as opposed to being taken over); the claim differs most between the two.
    /// </summary>
    Task<(IReadOnlyList<Job> Claimed, IReadOnlyList<Job> Starting)> ClaimJobsAsync(
        DbConnection connection, DbTransaction transaction, string owner, int max, long nowMs, long leaseUntilMs, bool needStarting, CancellationToken cancellationToken);

    /// <summary>Tells other gateway processes, once the transaction commits, that a job changed.</summary>
    Task JobChangedAsync(DbConnection connection, DbTransaction transaction, string jobId, CancellationToken cancellationToken);

    /// <summary>As <see cref="JobChangedAsync"/>, for every job of a batch.</summary>
    Task JobsChangedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Job> jobs, CancellationToken cancellationToken);

    /// <summary>Tells other gateway processes' dispatchers, once the transaction commits, that a job became claimable.</summary>
    Task WorkAvailableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);
}
