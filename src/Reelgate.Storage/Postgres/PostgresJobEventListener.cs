using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Events;

namespace Reelgate.Storage.Postgres;

/// <summary>
/// Carries other nodes' committed job changes into this process: LISTENs on a dedicated
/// connection and publishes each job id to <see cref="JobEventHub"/> (waking <c>status?wait</c>
/// and SSE waiters), and wakes the dispatcher when work became claimable. Reconnects with backoff
/// after failures; a signal missed while disconnected costs a waiter only its own timeout, since
/// waiters re-read the job.
/// </summary>
internal sealed partial class PostgresJobEventListener(
    PostgresDatabase database,
    JobEventHub hub,
    DispatchSignal dispatch,
    TimeProvider time,
    ILogger<PostgresJobEventListener> log) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Without traffic, a dead connection shows only when used; a keep-alive round trip this often finds it.</summary>
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place (signals committed after that arrive).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenAsync(stoppingToken);
                try
                {
                    connection.Notification += OnNotification;
                    await using (var command = new NpgsqlCommand($"LISTEN {PostgresNotifications.JobsChannel}; LISTEN {PostgresNotifications.WorkChannel}", connection))
                    {
                        await command.ExecuteNonQueryAsync(stoppingToken);
                    }

                    Log.Listening(log);

                    // Changes committed while no LISTEN was in place (before the first, or during a
                    // reconnect) sent signals nobody heard: waiters re-read and idle dispatchers look now.
                    hub.PublishAll();
                    dispatch.Notify();
                    _listening.TrySetResult();
                    delay = FirstRetryDelay;
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        if (!await connection.WaitAsync(IdleCheck, stoppingToken))
                        {
                            await using var ping = new NpgsqlCommand("SELECT 1", connection);
                            await ping.ExecuteNonQueryAsync(stoppingToken);
                        }
                    }
                }
                finally
                {
                    // The pool keeps this connection's session as it is (no reset on close): leave it listening to nothing.
                    await UnlistenAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.ListenFailed(log, ex, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // A broken connection is not returned to the pool.
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == PostgresNotifications.JobsChannel)
        {
            hub.Publish(e.Payload);
        }
        else
        {
            dispatch.Notify();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.JobEventsListening, LogLevel.Debug, "Listening for job changes of other nodes")]
        public static partial void Listening(ILogger logger);

        [LoggerMessage(EventIds.JobEventsListenFailed, LogLevel.Warning, "Listening for job changes failed; reconnecting in {Delay}")]
        public static partial void ListenFailed(ILogger logger, Exception exception, TimeSpan delay);
    }
}
