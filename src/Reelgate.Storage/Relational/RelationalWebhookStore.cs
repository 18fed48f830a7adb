using Dapper;
using Reelgate.Core.Webhooks;

namespace Reelgate.Storage.Relational;

/// <summary>Project endpoints and the delivery outbox on SQLite and PostgreSQL alike.</summary>
internal sealed class RelationalWebhookStore(IRelationalDatabase database, IRelationalDialect dialect) : IWebhookStore
{
    // Built once: the dialect's clause is the only part that varies.
    private readonly string _claimDueSql = $"""
        UPDATE webhook_deliveries SET lease_owner = @owner, lease_expires_at = @leaseUntil
        WHERE id IN (SELECT id FROM webhook_deliveries
                     WHERE state = 0 AND next_attempt_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at < @now)
                     ORDER BY next_attempt_at LIMIT @max
                     {dialect.SkipLocked})
        RETURNING {WebhookRows.DeliveryColumns}
        """;

    public async Task<ProjectWebhook> GetProjectWebhookAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<WebhookRows.EndpointRow>(new CommandDefinition(
            "SELECT webhook_url AS Url, webhook_secret AS Secret FROM projects WHERE id = @projectId", new { projectId }, cancellationToken: cancellationToken));
        return new ProjectWebhook(row?.Url, row?.Secret);
    }

    // Single conditional updates: the row lock orders concurrent writers, and COALESCE keeps the
    // secret the first of them created.
    public Task<ProjectWebhook> SetProjectWebhookAsync(string projectId, string? url, CancellationToken cancellationToken)
        => database.WriteStatementAsync(async (connection, transaction) =>
        {
            var row = await connection.QuerySingleAsync<WebhookRows.EndpointRow>(new CommandDefinition(
                """
                UPDATE projects SET webhook_url = @url, webhook_secret = COALESCE(webhook_secret, @secret) WHERE id = @projectId
                RETURNING webhook_url AS Url, webhook_secret AS Secret
                """,
                new { projectId, url, secret = StandardWebhooks.NewSecret() },
                transaction,
                cancellationToken: cancellationToken));
            return row.ToWebhook();
        }, cancellationToken);

    public Task<ProjectWebhook> RotateSecretAsync(string projectId, CancellationToken cancellationToken)
        => database.WriteStatementAsync(async (connection, transaction) =>
        {
            var row = await connection.QuerySingleAsync<WebhookRows.EndpointRow>(new CommandDefinition(
                "UPDATE projects SET webhook_secret = @secret WHERE id = @projectId RETURNING webhook_url AS Url, webhook_secret AS Secret",
                new { projectId, secret = StandardWebhooks.NewSecret() },
                transaction,
                cancellationToken: cancellationToken));
            return row.ToWebhook();
        }, cancellationToken);

    public Task<string> EnsureSecretAsync(string projectId, CancellationToken cancellationToken)
        => database.WriteStatementAsync(
            (connection, transaction) => connection.QuerySingleAsync<string>(new CommandDefinition(
                "UPDATE projects SET webhook_secret = COALESCE(webhook_secret, @secret) WHERE id = @projectId RETURNING webhook_secret",
                new { projectId, secret = StandardWebhooks.NewSecret() },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);

    // Where senders on several nodes claim together, each takes disjoint deliveries; a row claimed
    // and committed meanwhile is rechecked against the lease condition and dropped.
    public Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
        => database.WriteStatementAsync(async (connection, transaction) =>
        {
            var rows = await connection.QueryAsync<WebhookRows.DeliveryRow>(new CommandDefinition(
                _claimDueSql,
                new { owner, max, now = now.ToUnixTimeMilliseconds(), leaseUntil = leaseUntil.ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken));
            return (IReadOnlyList<WebhookDelivery>)[.. rows.Select(r => r.ToDelivery())];
        }, cancellationToken);

    public Task RecordAttemptAsync(string deliveryId, string owner, WebhookAttempt attempt, DeliveryOutcome outcome, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var parameters = WebhookRows.AttemptParameters(deliveryId, owner, attempt, outcome, nextAttemptAt);
        return database.WriteAsync(async (connection, transaction) =>
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(WebhookRows.RecordAttempt, parameters, transaction, cancellationToken: cancellationToken));
            if (updated == 1)
            {
                await connection.ExecuteAsync(new CommandDefinition(WebhookRows.InsertAttempt, parameters, transaction, cancellationToken: cancellationToken));
            }

            return updated;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookDeliveryRecord>> ListDeliveriesAsync(string projectId, string jobOrDeliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deliveries = (await connection.QueryAsync<WebhookRows.RecordRow>(new CommandDefinition(
            WebhookRows.ListDeliveries, new { projectId, jobOrDeliveryId }, cancellationToken: cancellationToken))).ToList();
        var records = new List<WebhookDeliveryRecord>();
        foreach (var delivery in deliveries)
        {
            var attempts = await connection.QueryAsync<WebhookRows.AttemptRow>(new CommandDefinition(
                WebhookRows.ListAttempts, new { delivery.Id }, cancellationToken: cancellationToken));
            records.Add(WebhookRows.ToRecord(delivery, attempts));
        }

        return records;
    }
}
