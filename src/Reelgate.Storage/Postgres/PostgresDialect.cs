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

    /// <summary>
    /// SKIP LOCKED lets nodes claiming at once take disjoint jobs instead of queueing on the same
    /// rows. A row another node claimed and committed meanwhile is rechecked against this WHERE
    /// when locked, and dropped because its lease is live. <c>previous_state</c> tells starting
    /// jobs (queued) from taken-over ones (running with an expired lease).
    /// </summary>
    private const string ClaimSql = $"""
        WITH candidates AS (
            SELECT id AS candidate_id, state AS previous_state FROM jobs
            WHERE deleted_at IS NULL AND (state = 0 OR (state = 1 AND (lease_expires_at IS NULL OR lease_expires_at < @now)))
            ORDER BY id LIMIT @max
            FOR UPDATE SKIP LOCKED)
        UPDATE jobs SET state = 1, lease_owner = @owner, lease_expires_at = @leaseUntil, updated_at = @now
        FROM candidates WHERE jobs.id = candidates.candidate_id
        RETURNING {JobRow.Columns}, previous_state
        """;

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

    public async Task<(IReadOnlyList<Job> Claimed, IReadOnlyList<Job> Starting)> ClaimJobsAsync(
        DbConnection connection, DbTransaction transaction, string owner, int max, long nowMs, long leaseUntilMs, bool needStarting, CancellationToken cancellationToken)
    {
        var claimed = new List<Job>();
        var starting = new List<Job>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            ClaimSql, new { owner, max, now = nowMs, leaseUntil = leaseUntilMs }, transaction, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var job = JobRow.Read(reader);
                claimed.Add(job);
                if (reader.GetInt64(reader.FieldCount - 1) == 0)
                {
                    starting.Add(job);
                }
            }
        }

        return ([.. claimed.OrderBy(j => j.Id, StringComparer.Ordinal)], starting);
    }

    public Task JobChangedAsync(DbConnection connection, DbTransaction transaction, string jobId, CancellationToken cancellationToken)
        => PostgresNotifications.JobChangedAsync(connection, transaction, jobId, cancellationToken);

    public Task JobsChangedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
        => PostgresNotifications.JobsChangedAsync(connection, transaction, jobs, cancellationToken);

    public Task WorkAvailableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        => PostgresNotifications.WorkAvailableAsync(connection, transaction, cancellationToken);
}
