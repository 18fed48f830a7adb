using System.Data.Common;
using Dapper;
using Reelgate.Core.Jobs;

namespace Reelgate.Storage.Relational;

/// <summary>
/// Writes webhook deliveries in the transaction of the job change that causes them: to the
/// project's endpoint and to the job's callback_url. A crash after commit loses nothing; a crash
/// before commit loses the change and its deliveries together.
/// </summary>
internal static class RelationalOutbox
{
    public static async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, Job job, long nowMs, long maxAgeMs, CancellationToken cancellationToken)
    {
        if (WebhookRows.EventFor(job) is not { } @event)
        {
            return;
        }

        var projectUrl = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT webhook_url FROM projects WHERE id = @ProjectId", new { job.ProjectId }, transaction, cancellationToken: cancellationToken));
        foreach (var url in WebhookRows.TargetsOf(job, projectUrl))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                WebhookRows.InsertDelivery,
                WebhookRows.DeliveryParameters(job, @event, url, nowMs, maxAgeMs),
                transaction,
                cancellationToken: cancellationToken));
        }
    }
}
