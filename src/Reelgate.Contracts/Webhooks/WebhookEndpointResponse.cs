namespace Reelgate.Contracts.Webhooks;

/// <summary>Answer of <c>PUT /v1/account/webhook</c> and <c>rotate_secret</c>.</summary>
/// <param name="Url">The project's endpoint, or null when none is set.</param>
/// <param name="Secret">The Standard Webhooks signing secret (<c>whsec_…</c>); it also signs job callback_url deliveries.</param>
public sealed record WebhookEndpointResponse(string? Url, string Secret);

/// <summary>One delivery of one event to one URL, with its attempts.</summary>
public sealed record WebhookDeliveryView
{
    /// <summary>Delivery id; also the <c>webhook-id</c> header.</summary>
    public required string Id { get; init; }

    /// <summary>The job the event is about.</summary>
    public required string JobId { get; init; }

    /// <summary><c>video.succeeded</c>, <c>video.failed</c>, <c>video.canceled</c>, <c>video.expired</c> or <c>video.running</c>.</summary>
    public required string Event { get; init; }

    /// <summary>Where it is sent.</summary>
    public required string Url { get; init; }

    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c> (gave up).</summary>
    public required string State { get; init; }

    /// <summary>When the event happened.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the next attempt is due (pending only).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When it was delivered or given up.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Every attempt so far.</summary>
    public required IReadOnlyList<WebhookAttemptView> Attempts { get; init; }
}

/// <summary>One attempt to deliver.</summary>
/// <param name="Attempt">1 for the first.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="StatusCode">The receiver's HTTP status, when it answered.</param>
/// <param name="Error">Why it did not count as delivered.</param>
public sealed record WebhookAttemptView(int Attempt, DateTimeOffset StartedAt, long DurationMs, int? StatusCode, string? Error);

/// <summary>Answer of <c>GET /v1/video/webhook_deliveries/{id}</c>.</summary>
/// <param name="Items">The deliveries, oldest first.</param>
public sealed record WebhookDeliveryList(IReadOnlyList<WebhookDeliveryView> Items);
