using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Reelgate.Core.Jobs;
using Reelgate.Core.Webhooks;

namespace Reelgate.Storage.Sqlite;

/// <summary>
/// Writes webhook deliveries in the transaction of the job change that causes them: to the
/// project's endpoint and to the job's callback_url. A crash after commit loses nothing; a crash
/// before commit loses the change and its deliveries together.
/// </summary>
internal static class SqliteOutbox
{
    public static async Task EnqueueAsync(SqliteConnection connection, SqliteTransaction transaction, Job job, string? @event, long nowMs, long maxAgeMs, CancellationToken cancellationToken)
    {
        if (@event is null)
        {
            return;
        }

        var projectUrl = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT webhook_url FROM projects WHERE id = @ProjectId", new { job.ProjectId }, transaction, cancellationToken: cancellationToken));
        foreach (var url in new[] { projectUrl, job.Spec.CallbackUrl }.Where(u => u is not null).Distinct(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO webhook_deliveries (id, project_id, job_id, event, url, created_at, next_attempt_at, give_up_at)
                VALUES (@id, @ProjectId, @JobId, @event, @url, @nowMs, @nowMs, @giveUpAt)
                """,
                new { id = "whd_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), job.ProjectId, JobId = job.Id, @event, url, nowMs, giveUpAt = nowMs + maxAgeMs },
                transaction,
                cancellationToken: cancellationToken));
        }
    }

    public static string? EventFor(Job job) => WebhookEvents.For(job.State);
}
