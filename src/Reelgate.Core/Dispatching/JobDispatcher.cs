using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Ports;

namespace Reelgate.Core.Dispatching;

/// <summary>
/// Claims runnable jobs under a lease and runs up to <see cref="DispatcherOptions.MaxConcurrentJobs"/>
/// at once. Wakes on <see cref="DispatchSignal"/> or every idle interval. On shutdown the running
/// jobs release their leases so the next start resumes them.
/// </summary>
public sealed partial class JobDispatcher(
    IJobStore store,
    JobRunner runner,
    DispatchSignal signal,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<JobDispatcher> log) : BackgroundService
{
    /// <summary>Identifies this process's leases.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var running = new HashSet<Task>();
        if (!settings.Enabled)
        {
            return;
        }

        Log.Started(log, Owner, settings.Mode.ToString(), settings.MaxConcurrentJobs);
        if (settings.Mode == DispatchMode.Single)
        {
            // One node owns the data, so a job another owner left running belongs to a dead process.
            var taken = await store.ExpireForeignLeasesAsync(Owner, time.GetUtcNow(), stoppingToken);
            if (taken > 0)
            {
                Log.LeasesTakenOver(log, taken);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveWhere(t => t.IsCompleted);
            var free = settings.MaxConcurrentJobs - running.Count;
            var claimedAll = false;
            if (free > 0)
            {
                try
                {
                    var now = time.GetUtcNow();
                    var jobs = await store.ClaimJobsAsync(Owner, free, now, now + settings.LeaseDuration, stoppingToken);
                    foreach (var job in jobs)
                    {
                        running.Add(RunAndSignalAsync(job, stoppingToken));
                    }

                    claimedAll = jobs.Count == free;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    Log.TickFailed(log, ex);
                }
            }

            if (claimedAll)
            {
                // Every slot is busy now; a finishing job signals when one frees.
                continue;
            }

            try
            {
                await signal.WaitAsync(settings.IdleCheckInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(running);
    }

    private async Task RunAndSignalAsync(Jobs.Job job, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await runner.RunAsync(job, Owner, stoppingToken);
        }
        finally
        {
            signal.Notify();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.DispatcherStarted, LogLevel.Information, "Dispatcher {Owner} started in {Mode} mode with {Slots} slots")]
        public static partial void Started(ILogger logger, string owner, string mode, int slots);

        [LoggerMessage(EventIds.DispatcherTickFailed, LogLevel.Error, "Dispatcher tick failed; retrying")]
        public static partial void TickFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.LeasesTakenOver, LogLevel.Warning, "Took over {Count} jobs left running by a stopped process")]
        public static partial void LeasesTakenOver(ILogger logger, int count);
    }
}
