namespace Reelgate.Core.Webhooks;

/// <summary>
/// Project endpoints, secrets and the delivery outbox. Deliveries are enqueued by the job store in
/// the transaction of the state change (so none is lost); this port reads and drives them.
/// </summary>
public interface IWebhookStore
{
    Task<ProjectWebhook> GetProjectWebhookAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>Sets (or with null removes) the endpoint; creates the secret when the project has none. Answers the result.</summary>
    Task<ProjectWebhook> SetProjectWebhookAsync(string projectId, string? url, CancellationToken cancellationToken);

    /// <summary>Replaces the secret; answers the new state.</summary>
    Task<ProjectWebhook> RotateSecretAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>Creates the project's secret if missing (a job's callback_url is signed with it).</summary>
    Task<string> EnsureSecretAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>Leases due pending deliveries to <paramref name="owner"/>.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records one attempt and the delivery's next state, if <paramref name="owner"/> still holds it.</summary>
    Task RecordAttemptAsync(string deliveryId, string owner, WebhookAttempt attempt, DeliveryOutcome outcome, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>Deliveries of one job (or the one delivery with that id) of the project, with their attempts.</summary>
    Task<IReadOnlyList<WebhookDeliveryRecord>> ListDeliveriesAsync(string projectId, string jobOrDeliveryId, CancellationToken cancellationToken);
}

/// <summary>A project's endpoint (or none) and its signing secret (or none yet).</summary>
public sealed record ProjectWebhook(string? Url, string? Secret);

public enum DeliveryOutcome
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>A delivery to send: where, what, and the secret to sign it with.</summary>
public sealed record WebhookDelivery(string Id, string ProjectId, string JobId, string Event, string Url, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset GiveUpAt, string Secret);

public sealed record WebhookAttempt(int Number, DateTimeOffset StartedAt, TimeSpan Duration, int? StatusCode, string? Error);

public sealed record WebhookDeliveryRecord(
    string Id,
    string JobId,
    string Event,
    string Url,
    DeliveryOutcome State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<WebhookAttempt> Attempts);
