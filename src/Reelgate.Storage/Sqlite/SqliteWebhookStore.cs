using Dapper;
using Reelgate.Core.Webhooks;

namespace Reelgate.Storage.Sqlite;

internal sealed class SqliteWebhookStore(SqliteDatabase database) : IWebhookStore
{
    public async Task<ProjectWebhook> GetProjectWebhookAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<WebhookRow>(new CommandDefinition(
            "SELECT webhook_url AS Url, webhook_secret AS Secret FROM projects WHERE id = @projectId", new { projectId }, cancellationToken: cancellationToken));
        return new ProjectWebhook(row?.Url, row?.Secret);
    }

    public Task<ProjectWebhook> SetProjectWebhookAsync(string projectId, string? url, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var row = await connection.QuerySingleAsync<WebhookRow>(new CommandDefinition(
                """
                UPDATE projects SET webhook_url = @url, webhook_secret = COALESCE(webhook_secret, @secret) WHERE id = @projectId
                RETURNING webhook_url AS Url, webhook_secret AS Secret
                """,
                new { projectId, url, secret = StandardWebhooks.NewSecret() },
                transaction,
                cancellationToken: cancellationToken));
            return new ProjectWebhook(row.Url, row.Secret);
        }, cancellationToken);

    public Task<ProjectWebhook> RotateSecretAsync(string projectId, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var row = await connection.QuerySingleAsync<WebhookRow>(new CommandDefinition(
                "UPDATE projects SET webhook_secret = @secret WHERE id = @projectId RETURNING webhook_url AS Url, webhook_secret AS Secret",
                new { projectId, secret = StandardWebhooks.NewSecret() },
                transaction,
                cancellationToken: cancellationToken));
            return new ProjectWebhook(row.Url, row.Secret);
        }, cancellationToken);

    public Task<string> EnsureSecretAsync(string projectId, CancellationToken cancellationToken)
        => database.WriteAsync(
            (connection, transaction) => connection.QuerySingleAsync<string>(new CommandDefinition(
                "UPDATE projects SET webhook_secret = COALESCE(webhook_secret, @secret) WHERE id = @projectId RETURNING webhook_secret",
                new { projectId, secret = StandardWebhooks.NewSecret() },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
                """
                UPDATE webhook_deliveries SET lease_owner = @owner, lease_expires_at = @leaseUntil
                WHERE id IN (SELECT id FROM webhook_deliveries
                             WHERE state = 0 AND next_attempt_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at < @now)
                             ORDER BY next_attempt_at LIMIT @max)
                RETURNING id AS Id, project_id AS ProjectId, job_id AS JobId, event AS Event, url AS Url, attempts AS Attempts,
                          created_at AS CreatedAt, give_up_at AS GiveUpAt,
                          (SELECT webhook_secret FROM projects WHERE projects.id = webhook_deliveries.project_id) AS Secret
                """,
                new { owner, max, now = now.ToUnixTimeMilliseconds(), leaseUntil = leaseUntil.ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken));
            return (IReadOnlyList<WebhookDelivery>)[.. rows.Select(r => new WebhookDelivery(
                r.Id, r.ProjectId, r.JobId, r.Event, r.Url, (int)r.Attempts,
                DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(r.GiveUpAt), r.Secret ?? string.Empty))];
        }, cancellationToken);

    public Task RecordAttemptAsync(string deliveryId, string owner, WebhookAttempt attempt, DeliveryOutcome outcome, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return database.WriteAsync(async (connection, transaction) =>
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE webhook_deliveries
                SET attempts = @Number, state = @state, next_attempt_at = COALESCE(@next, next_attempt_at), lease_owner = NULL, lease_expires_at = NULL,
                    last_status = @StatusCode, last_error = @Error, completed_at = CASE WHEN @state = 0 THEN NULL ELSE @ended END
                WHERE id = @deliveryId AND lease_owner = @owner AND state = 0
                """,
                new
                {
                    deliveryId,
                    owner,
                    attempt.Number,
                    attempt.StatusCode,
                    attempt.Error,
                    state = (int)outcome,
                    next = nextAttemptAt?.ToUnixTimeMilliseconds(),
                    ended = (attempt.StartedAt + attempt.Duration).ToUnixTimeMilliseconds(),
                },
                transaction,
                cancellationToken: cancellationToken));
            if (updated == 1)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error)
                    VALUES (@deliveryId, @Number, @startedAt, @durationMs, @StatusCode, @Error)
                    ON CONFLICT DO NOTHING
                    """,
                    new { deliveryId, attempt.Number, startedAt = attempt.StartedAt.ToUnixTimeMilliseconds(), durationMs = (long)attempt.Duration.TotalMilliseconds, attempt.StatusCode, attempt.Error },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            return updated;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookDeliveryRecord>> ListDeliveriesAsync(string projectId, string jobOrDeliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deliveries = (await connection.QueryAsync<RecordRow>(new CommandDefinition(
            """
            SELECT id AS Id, job_id AS JobId, event AS Event, url AS Url, state AS State, created_at AS CreatedAt,
                   next_attempt_at AS NextAttemptAt, completed_at AS CompletedAt
            FROM webhook_deliveries WHERE project_id = @projectId AND (job_id = @jobOrDeliveryId OR id = @jobOrDeliveryId)
            ORDER BY created_at, id
            """,
            new { projectId, jobOrDeliveryId },
            cancellationToken: cancellationToken))).ToList();
        var records = new List<WebhookDeliveryRecord>();
        foreach (var delivery in deliveries)
        {
            var attempts = await connection.QueryAsync<AttemptRow>(new CommandDefinition(
                "SELECT attempt AS Attempt, started_at AS StartedAt, duration_ms AS DurationMs, status_code AS StatusCode, error AS Error FROM webhook_attempts WHERE delivery_id = @Id ORDER BY attempt",
                new { delivery.Id },
                cancellationToken: cancellationToken));
            var state = (DeliveryOutcome)delivery.State;
            records.Add(new WebhookDeliveryRecord(
                delivery.Id,
                delivery.JobId,
                delivery.Event,
                delivery.Url,
                state,
                DateTimeOffset.FromUnixTimeMilliseconds(delivery.CreatedAt),
                state == DeliveryOutcome.Pending ? DateTimeOffset.FromUnixTimeMilliseconds(delivery.NextAttemptAt) : null,
                delivery.CompletedAt is { } completed ? DateTimeOffset.FromUnixTimeMilliseconds(completed) : null,
                [.. attempts.Select(a => new WebhookAttempt((int)a.Attempt, DateTimeOffset.FromUnixTimeMilliseconds(a.StartedAt), TimeSpan.FromMilliseconds(a.DurationMs), (int?)a.StatusCode, a.Error))]));
        }

        return records;
    }

    private sealed class WebhookRow
    {
        public string? Url { get; set; }
        public string? Secret { get; set; }
    }

    private sealed class DeliveryRow
    {
        public string Id { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public string JobId { get; set; } = "";
        public string Event { get; set; } = "";
        public string Url { get; set; } = "";
        public long Attempts { get; set; }
        public long CreatedAt { get; set; }
        public long GiveUpAt { get; set; }
        public string? Secret { get; set; }
    }

    private sealed class RecordRow
    {
        public string Id { get; set; } = "";
        public string JobId { get; set; } = "";
        public string Event { get; set; } = "";
        public string Url { get; set; } = "";
        public long State { get; set; }
        public long CreatedAt { get; set; }
        public long NextAttemptAt { get; set; }
        public long? CompletedAt { get; set; }
    }

    private sealed class AttemptRow
    {
        public long Attempt { get; set; }
        public long StartedAt { get; set; }
        public long DurationMs { get; set; }
        public long? StatusCode { get; set; }
        public string? Error { get; set; }
    }
}
