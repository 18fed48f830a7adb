using System.Data.Common;
using Dapper;

namespace Reelgate.Storage.Postgres;

/// <summary>
/// The LISTEN/NOTIFY channels between gateway processes. A NOTIFY issued inside a transaction is
/// delivered when it commits and never when it rolls back, so listeners only hear of committed changes.
/// </summary>
internal static class PostgresNotifications
{
    /// <summary>Payload: the id of a job that changed (waiters of <c>status?wait</c> and SSE re-read it).</summary>
    public const string JobsChannel = "reelgate_jobs";

    /// <summary>No payload: a job became claimable, so idle dispatchers on every node look for work.</summary>
    public const string WorkChannel = "reelgate_work";

    public static Task JobChangedAsync(DbConnection connection, DbTransaction transaction, string jobId, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            $"SELECT pg_notify('{JobsChannel}', @jobId)", new { jobId }, transaction, cancellationToken: cancellationToken));

    public static Task JobsChangedAsync(DbConnection connection, DbTransaction transaction, IEnumerable<Core.Jobs.Job> jobs, CancellationToken cancellationToken)
    {
        var ids = jobs.Select(j => j.Id).ToArray();
        return ids.Length == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(new CommandDefinition(
                $"SELECT pg_notify('{JobsChannel}', id) FROM unnest(@ids) AS id", new { ids }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Wakes other nodes' dispatchers; identical notifications in one transaction are folded into one.</summary>
    public static Task WorkAvailableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            $"SELECT pg_notify('{WorkChannel}', '')", transaction: transaction, cancellationToken: cancellationToken));
}
