using System.Data.Common;
using Dapper;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Storage.Relational;

/// <summary>The dispatcher's side of the store: claims, leases and completions.</summary>
internal sealed partial class RelationalJobStore
{
    public Task<IReadOnlyList<Job>> ClaimJobsAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var (claimed, starting) = await dialect.ClaimJobsAsync(
                connection, transaction, owner, max, nowMs, leaseUntil.ToUnixTimeMilliseconds(), webhooks.Value.IncludeRunning, cancellationToken);
            if (webhooks.Value.IncludeRunning)
            {
                foreach (var job in starting)
                {
                    await EnqueueAsync(connection, transaction, job, nowMs, cancellationToken);
                }
            }

            await dialect.JobsChangedAsync(connection, transaction, claimed, cancellationToken);
            return claimed;
        }, cancellationToken);

    // Lease bookkeeping (renewals, expiries) changes nothing a client can see, so it sends no notification.
    public Task<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
        => ExecuteOwnedAsync(jobId, "lease_expires_at = @leaseUntil", new { jobId, owner, leaseUntil = leaseUntil.ToUnixTimeMilliseconds() }, notify: false, cancellationToken);

    public Task<int> ExpireForeignLeasesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(JobSql.ExpireForeignLeases, new { owner }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);

    public Task ReleaseLeaseAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(
            async (connection, transaction) =>
            {
                var released = await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE jobs SET lease_expires_at = 0, updated_at = @now WHERE {JobSql.Owned}",
                    new { jobId, owner, now = now.ToUnixTimeMilliseconds() },
                    transaction,
                    cancellationToken: cancellationToken));
                if (released == 1)
                {
                    // A node shutting down hands its jobs over: the others need not wait for their idle check.
                    await dialect.WorkAvailableAsync(connection, transaction, cancellationToken);
                }

                return released;
            },
            cancellationToken);

    public Task<bool> RecordAttemptAsync(string jobId, string owner, int planIndex, string? vendorJobId, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();

            // FOR UPDATE (where writers are concurrent): the attempt number read here is the one this
            // transaction writes.
            var job = await QueryJobAsync(connection, transaction, $"{JobSql.Owned} {dialect.ForUpdate}", new { jobId, owner }, cancellationToken);
            if (job is null)
            {
                return false;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                JobSql.RecordAttempt, new { jobId, owner, planIndex, vendorJobId, now = nowMs }, transaction, cancellationToken: cancellationToken));
            var model = planIndex < job.Plan.Count ? job.Plan[planIndex] : job.CurrentModel;
            await connection.ExecuteAsync(new CommandDefinition(
                vendorJobId is null ? JobSql.OpenAttempt : JobSql.SetAttemptVendorJob,
                new { jobId, attempt = job.Attempts + 1, current = job.Attempts, model.Vendor, model.Model, vendorJobId, now = nowMs },
                transaction,
                cancellationToken: cancellationToken));
            await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<bool> RecordProgressAsync(string jobId, string owner, double progress, int? queuePosition, DateTimeOffset now, CancellationToken cancellationToken)
        => ExecuteOwnedAsync(
            jobId,
            "progress = @progress, queue_position = @queuePosition, updated_at = @now",
            new { jobId, owner, progress, queuePosition, now = now.ToUnixTimeMilliseconds() },
            notify: true,
            cancellationToken);

    public Task RecordAttemptEndAsync(string jobId, string? outcomeCode, string? message, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(
            async (connection, transaction) =>
            {
                var closed = await CloseLatestAttemptAsync(connection, transaction, jobId, outcomeCode, message, now.ToUnixTimeMilliseconds(), cancellationToken);
                if (closed > 0)
                {
                    await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
                }

                return closed;
            },
            cancellationToken);

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

    private static Task<int> CloseLatestAttemptAsync(DbConnection connection, DbTransaction transaction, string jobId, string? outcomeCode, string? message, long nowMs, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            JobSql.CloseLatestAttempt, new { jobId, outcomeCode, message, now = nowMs }, transaction, cancellationToken: cancellationToken));

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
            await dialect.JobChangedAsync(connection, transaction, updated[0].Id, cancellationToken);
            return true;
        }, cancellationToken);

    private Task<bool> ExecuteOwnedAsync(string jobId, string assignments, object parameters, bool notify, CancellationToken cancellationToken)
        => database.WriteAsync(
            async (connection, transaction) =>
            {
                var changed = await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE jobs SET {assignments} WHERE {JobSql.Owned}", parameters, transaction, cancellationToken: cancellationToken)) == 1;
                if (changed && notify)
                {
                    await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
                }

                return changed;
            },
            cancellationToken);
}
