using Dapper;
using Microsoft.Data.Sqlite;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Storage.Sqlite;

/// <summary>The dispatcher's side of the store: claims, leases and completions.</summary>
internal sealed partial class SqliteJobStore
{
    public Task<IReadOnlyList<Job>> ClaimJobsAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();

            // Which jobs start now (queued) as opposed to being taken over (already running); only
            // needed for video.running webhooks, so the claim's hot path skips the read otherwise.
            var starting = webhooks.Value.IncludeRunning
                ? (await connection.QueryAsync<string>(new CommandDefinition(
                    "SELECT id FROM jobs WHERE deleted_at IS NULL AND state = 0 ORDER BY id LIMIT @max", new { max }, transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal)
                : null;
            var claimed = await UpdateReturningAsync(
                connection,
                transaction,
                "state = 1, lease_owner = @owner, lease_expires_at = @leaseUntil, updated_at = @now",
                """
                id IN (SELECT id FROM jobs
                       WHERE deleted_at IS NULL AND (state = 0 OR (state = 1 AND (lease_expires_at IS NULL OR lease_expires_at < @now)))
                       ORDER BY id LIMIT @max)
                """,
                new { owner, max, now = nowMs, leaseUntil = leaseUntil.ToUnixTimeMilliseconds() },
                cancellationToken);
            if (starting is not null)
            {
                foreach (var job in claimed.Where(j => starting.Contains(j.Id)))
                {
                    await EnqueueAsync(connection, transaction, job, nowMs, cancellationToken);
                }
            }

            return claimed;
        }, cancellationToken);

    public Task<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
        => ExecuteOwnedAsync("lease_expires_at = @leaseUntil", new { jobId, owner, leaseUntil = leaseUntil.ToUnixTimeMilliseconds() }, cancellationToken);

    public Task<int> ExpireForeignLeasesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(JobSql.ExpireForeignLeases, new { owner }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);

    public async Task ReleaseLeaseAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => await ExecuteOwnedAsync("lease_expires_at = 0, updated_at = @now", new { jobId, owner, now = now.ToUnixTimeMilliseconds() }, cancellationToken);

    public Task<bool> RecordAttemptAsync(string jobId, string owner, int planIndex, string? vendorJobId, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var job = await QueryJobAsync(connection, transaction, JobSql.Owned, new { jobId, owner }, cancellationToken);
            if (job is null)
            {
                return false;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                JobSql.RecordAttempt,
                new { jobId, owner, planIndex, vendorJobId, now = nowMs },
                transaction,
                cancellationToken: cancellationToken));

            var model = planIndex < job.Plan.Count ? job.Plan[planIndex] : job.CurrentModel;
            await connection.ExecuteAsync(new CommandDefinition(
                vendorJobId is null ? JobSql.OpenAttempt : JobSql.SetAttemptVendorJob,
                new { jobId, attempt = job.Attempts + 1, current = job.Attempts, model.Vendor, model.Model, vendorJobId, now = nowMs },
                transaction,
                cancellationToken: cancellationToken));
            return true;
        }, cancellationToken);

    public Task<bool> RecordProgressAsync(string jobId, string owner, double progress, int? queuePosition, DateTimeOffset now, CancellationToken cancellationToken)
        => ExecuteOwnedAsync("progress = @progress, queue_position = @queuePosition, updated_at = @now", new { jobId, owner, progress, queuePosition, now = now.ToUnixTimeMilliseconds() }, cancellationToken);

    public Task RecordAttemptEndAsync(string jobId, string? outcomeCode, string? message, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(
            (connection, transaction) => CloseLatestAttemptAsync(connection, transaction, jobId, outcomeCode, message, now.ToUnixTimeMilliseconds(), cancellationToken),
            cancellationToken);

    private static Task<int> CloseLatestAttemptAsync(SqliteConnection connection, SqliteTransaction transaction, string jobId, string? outcomeCode, string? message, long nowMs, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            JobSql.CloseLatestAttempt, new { jobId, outcomeCode, message, now = nowMs }, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<JobAttempt>> ListAttemptsAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRow.AttemptRow>(new CommandDefinition(JobSql.ListAttempts, new { jobId }, cancellationToken: cancellationToken));
        return [.. rows.Select(JobRow.ToAttempt)];
    }

    public Task<bool> CompleteSucceededAsync(string jobId, string owner, JobArtifacts artifacts, long costMicros, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var nowMs = now.ToUnixTimeMilliseconds();
        return CompleteAsync(
            JobSql.SucceededAssignments,
            JobRow.SucceededParameters(jobId, owner, artifacts, costMicros, nowMs),
            settle: true,
            captureMicros: costMicros,
            nowMs,
            closeAttemptAs: "succeeded",
            cancellationToken);
    }

    public Task<bool> CompleteFailedAsync(string jobId, string owner, string errorCode, string errorMessage, bool keepHold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        return CompleteAsync(
            JobSql.FailedAssignments,
            new { jobId, owner, errorCode, errorMessage, now = nowMs },
            settle: !keepHold,
            captureMicros: 0,
            nowMs,
            closeAttemptAs: null,
            cancellationToken);
    }

    /// <summary>The terminal transition and its settlement commit together or not at all.</summary>
    private Task<bool> CompleteAsync(string assignments, object parameters, bool settle, long captureMicros, long nowMs, string? closeAttemptAs, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var updated = await UpdateReturningAsync(connection, transaction, assignments, JobSql.Owned, parameters, cancellationToken);
            if (updated.Count == 0)
            {
                return false;
            }

            if (settle)
            {
                await SettleAsync(connection, transaction, updated[0], captureMicros, nowMs, cancellationToken);
            }

            if (closeAttemptAs is not null)
            {
                await CloseLatestAttemptAsync(connection, transaction, updated[0].Id, closeAttemptAs, null, nowMs, cancellationToken);
            }

            await EnqueueAsync(connection, transaction, updated[0], nowMs, cancellationToken);
            return true;
        }, cancellationToken);

    private Task<bool> ExecuteOwnedAsync(string assignments, object parameters, CancellationToken cancellationToken)
        => database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition($"UPDATE jobs SET {assignments} WHERE {JobSql.Owned}", parameters, transaction, cancellationToken: cancellationToken)) == 1,
            cancellationToken);
}
