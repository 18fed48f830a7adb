using System.Security.Cryptography;
using Reelgate.Core.Jobs;
using Reelgate.Core.Webhooks;

namespace Reelgate.Storage;

/// <summary>SQL fragments and row shapes of the webhook outbox, common to every dialect.</summary>
internal static class WebhookRows
{
    public const string InsertDelivery = """
        INSERT INTO webhook_deliveries (id, project_id, job_id, event, url, created_at, next_attempt_at, give_up_at)
        VALUES (@id, @ProjectId, @JobId, @event, @url, @nowMs, @nowMs, @giveUpAt)
        """;

    /// <summary>The columns <see cref="DeliveryRow"/> maps, for a <c>RETURNING</c> of <c>webhook_deliveries</c>.</summary>
    public const string DeliveryColumns = """
        id AS Id, project_id AS ProjectId, job_id AS JobId, event AS Event, url AS Url, attempts AS Attempts,
        created_at AS CreatedAt, give_up_at AS GiveUpAt,
        (SELECT webhook_secret FROM projects WHERE projects.id = webhook_deliveries.project_id) AS Secret
        """;

    public const string RecordAttempt = """
        UPDATE webhook_deliveries
        SET attempts = @Number, state = @state, next_attempt_at = COALESCE(@next, next_attempt_at), lease_owner = NULL, lease_expires_at = NULL,
            last_status = @StatusCode, last_error = @Error, completed_at = CASE WHEN @state = 0 THEN NULL ELSE @ended END
        WHERE id = @deliveryId AND lease_owner = @owner AND state = 0
        """;

    public const string InsertAttempt = """
        INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error)
        VALUES (@deliveryId, @Number, @startedAt, @durationMs, @StatusCode, @Error)
        ON CONFLICT DO NOTHING
        """;

    public const string ListDeliveries = """
        SELECT id AS Id, job_id AS JobId, event AS Event, url AS Url, state AS State, created_at AS CreatedAt,
               next_attempt_at AS NextAttemptAt, completed_at AS CompletedAt
        FROM webhook_deliveries WHERE project_id = @projectId AND (job_id = @jobOrDeliveryId OR id = @jobOrDeliveryId)
        ORDER BY created_at, id
        """;

    public const string ListAttempts =
        "SELECT attempt AS Attempt, started_at AS StartedAt, duration_ms AS DurationMs, status_code AS StatusCode, error AS Error FROM webhook_attempts WHERE delivery_id = @Id ORDER BY attempt";

    public static string? EventFor(Job job) => WebhookEvents.For(job.State);

    /// <summary>The project's endpoint and the job's callback_url, each once.</summary>
    public static IEnumerable<string> TargetsOf(Job job, string? projectUrl)
        => new[] { projectUrl, job.Spec.CallbackUrl }.OfType<string>().Distinct(StringComparer.Ordinal);

    public static object DeliveryParameters(Job job, string @event, string url, long nowMs, long maxAgeMs) => new
    {
        id = "whd_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
        job.ProjectId,
        JobId = job.Id,
        @event,
        url,
        nowMs,
        giveUpAt = nowMs + maxAgeMs,
    };

    public static object AttemptParameters(string deliveryId, string owner, WebhookAttempt attempt, DeliveryOutcome outcome, DateTimeOffset? nextAttemptAt) => new
    {
        deliveryId,
        owner,
        attempt.Number,
        attempt.StatusCode,
        attempt.Error,
        state = (int)outcome,
        next = nextAttemptAt?.ToUnixTimeMilliseconds(),
        ended = (attempt.StartedAt + attempt.Duration).ToUnixTimeMilliseconds(),
        startedAt = attempt.StartedAt.ToUnixTimeMilliseconds(),
        durationMs = (long)attempt.Duration.TotalMilliseconds,
    };

    public static WebhookDeliveryRecord ToRecord(RecordRow delivery, IEnumerable<AttemptRow> attempts)
    {
        var state = (DeliveryOutcome)delivery.State;
        return new WebhookDeliveryRecord(
            delivery.Id,
            delivery.JobId,
            delivery.Event,
            delivery.Url,
            state,
            DateTimeOffset.FromUnixTimeMilliseconds(delivery.CreatedAt),
            state == DeliveryOutcome.Pending ? DateTimeOffset.FromUnixTimeMilliseconds(delivery.NextAttemptAt) : null,
            delivery.CompletedAt is { } completed ? DateTimeOffset.FromUnixTimeMilliseconds(completed) : null,
            [.. attempts.Select(a => new WebhookAttempt((int)a.Attempt, DateTimeOffset.FromUnixTimeMilliseconds(a.StartedAt), TimeSpan.FromMilliseconds(a.DurationMs), (int?)a.StatusCode, a.Error))]);
    }

    public sealed class EndpointRow
    {
        public string? Url { get; set; }
        public string? Secret { get; set; }

        public ProjectWebhook ToWebhook() => new(Url, Secret);
    }

    public sealed class DeliveryRow
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

        public WebhookDelivery ToDelivery() => new(
            Id, ProjectId, JobId, Event, Url, (int)Attempts,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(GiveUpAt), Secret ?? string.Empty);
    }

    public sealed class RecordRow
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

    public sealed class AttemptRow
    {
        public long Attempt { get; set; }
        public long StartedAt { get; set; }
        public long DurationMs { get; set; }
        public long? StatusCode { get; set; }
        public string? Error { get; set; }
    }
}
