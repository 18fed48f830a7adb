using Dapper;
using Microsoft.Data.Sqlite;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Storage.Sqlite;

/// <summary>The dispatcher's side of the store: claims, leases and completions.</summary>
internal sealed partial class SqliteJobStore
{
    /// <summary>Writes by the lease holder only touch its own running, undeleted job.</summary>
    private const string Owned = "id = @jobId AND lease_owner = @owner AND state = 1 AND deleted_at IS NULL";

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
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                "UPDATE jobs SET lease_expires_at = 0 WHERE state = 1 AND deleted_at IS NULL AND (lease_owner IS NULL OR lease_owner <> @owner)",
                new { owner },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public async Task ReleaseLeaseAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => await ExecuteOwnedAsync("lease_expires_at = 0, updated_at = @now", new { jobId, owner, now = now.ToUnixTimeMilliseconds() }, cancellationToken);

    public Task<bool> RecordAttemptAsync(string jobId, string owner, int planIndex, string? vendorJobId, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var job = await QueryJobAsync(connection, transaction, Owned, new { jobId, owner }, cancellationToken);
            if (job is null)
            {
                return false;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE jobs SET plan_index = @planIndex, vendor_job_id = @vendorJobId, updated_at = @now,
                    attempts = attempts + CASE WHEN @vendorJobId IS NULL THEN 1 ELSE 0 END,
                    progress = CASE WHEN @vendorJobId IS NULL THEN 0 ELSE progress END,
                    queue_position = CASE WHEN @vendorJobId IS NULL THEN NULL ELSE queue_position END
                WHERE {Owned}
                """,
                new { jobId, owner, planIndex, vendorJobId, now = nowMs },
                transaction,
                cancellationToken: cancellationToken));

            // Intent (no vendor id yet) opens a new attempt row; the vendor's answer fills it in.
            var model = planIndex < job.Plan.Count ? job.Plan[planIndex] : job.CurrentModel;
            await connection.ExecuteAsync(new CommandDefinition(
                vendorJobId is null
                    ? "INSERT INTO job_attempts (job_id, attempt, vendor, model, started_at) VALUES (@jobId, @attempt, @Vendor, @Model, @now)"
                    : "UPDATE job_attempts SET vendor_job_id = @vendorJobId WHERE job_id = @jobId AND attempt = @current",
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
            """
            UPDATE job_attempts SET ended_at = @now, outcome = @outcomeCode, message = @message
            WHERE job_id = @jobId AND ended_at IS NULL AND attempt = (SELECT MAX(attempt) FROM job_attempts WHERE job_id = @jobId)
            """,
            new { jobId, outcomeCode, message, now = nowMs },
            transaction,
            cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<JobAttempt>> ListAttemptsAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            """
            SELECT attempt AS Attempt, vendor AS Vendor, model AS Model, vendor_job_id AS VendorJobId, started_at AS StartedAt,
                   ended_at AS EndedAt, outcome AS Outcome, message AS Message
            FROM job_attempts WHERE job_id = @jobId ORDER BY attempt
            """,
            new { jobId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new JobAttempt(
            (int)r.Attempt, r.Vendor, r.Model, r.VendorJobId, DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt),
            r.EndedAt is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null, r.Outcome, r.Message))];
    }

    private sealed class AttemptRow
    {
        public long Attempt { get; set; }
        public string Vendor { get; set; } = "";
        public string Model { get; set; } = "";
        public string? VendorJobId { get; set; }
        public long StartedAt { get; set; }
        public long? EndedAt { get; set; }
        public string? Outcome { get; set; }
        public string? Message { get; set; }
    }

    public Task<bool> CompleteSucceededAsync(string jobId, string owner, JobArtifacts artifacts, long costMicros, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var nowMs = now.ToUnixTimeMilliseconds();
        return CompleteAsync(
            $"""
            state = 2, progress = 1, completed_at = @now, updated_at = @now, expires_at = @now + retention_days * {DayMs},
            cost_micros = @costMicros, error_code = NULL, error_message = NULL, lease_owner = NULL, lease_expires_at = NULL,
            video_key = @VideoKey, thumbnail_key = @ThumbnailKey, video_bytes = @VideoBytes, video_sha256 = @VideoSha256,
            video_width = @Width, video_height = @Height, video_duration = @DurationSeconds
            """,
            new
            {
                jobId,
                owner,
                costMicros,
                now = nowMs,
                artifacts.VideoKey,
                artifacts.ThumbnailKey,
                artifacts.VideoBytes,
                artifacts.VideoSha256,
                artifacts.Width,
                artifacts.Height,
                artifacts.DurationSeconds,
            },
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
            "state = 3, completed_at = @now, updated_at = @now, error_code = @errorCode, error_message = @errorMessage, lease_owner = NULL, lease_expires_at = NULL",
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
            var updated = await UpdateReturningAsync(connection, transaction, assignments, Owned, parameters, cancellationToken);
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
            async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition($"UPDATE jobs SET {assignments} WHERE {Owned}", parameters, transaction, cancellationToken: cancellationToken)) == 1,
            cancellationToken);
}
