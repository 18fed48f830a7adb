using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;

namespace Reelgate.Core.Dispatching;

/// <summary>
/// Claims runnable jobs and runs each as its own asynchronous flow: a job waiting on a remote vendor
/// costs a timer and an occasional poll, not a worker, so a node holds up to
/// <see cref="DispatcherOptions.MaxJobsInFlight"/> of them. What bounds real work is capacity per
/// vendor: an account's limit counted in the store across every node, or this machine's render pool
/// (<see cref="IVendorConcurrencyLimit"/>). The node keeps one lease for all its jobs with a
/// heartbeat every third of <see cref="DispatcherOptions.LeaseDuration"/>, and on shutdown hands all
/// of them back in one statement, so the next start (or another node) resumes them.
/// </summary>
internal sealed partial class JobDispatcher(
    IDispatchStore store,
    JobRunner runner,
    DispatchSignal signal,
    VendorRegistry vendors,
    VendorPacing pacing,
    ActiveJobs activeJobs,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<JobDispatcher> log) : BackgroundService
{
    /// <summary>Jobs asked for in one claim: a burst starts within a few rounds, and one claim's transaction stays short.</summary>
    private const int ClaimBatch = 500;

    // Touched only by the dispatch loop (and read after it ends).
    private readonly List<RunningJob> _running = [];

    /// <summary>Identifies this process's lease.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        Log.Started(log, Owner, settings.Mode.ToString(), settings.MaxJobsInFlight);
        if (!await RegisterAsync(settings, stoppingToken))
        {
            return;
        }

        using var beats = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = BeatUntilStoppedAsync(settings, beats.Token);
        try
        {
            await DispatchUntilStoppedAsync(settings, stoppingToken);
        }
        finally
        {
            // Every run ends on the stopping token without writing; then one statement hands all of
            // their jobs back (the vendors keep working) for the next start or another node.
            await Task.WhenAll(_running.Select(r => r.Task));
            await beats.CancelAsync();
            await heartbeat;
            await RetireAsync();
        }
    }

    private async Task<bool> RegisterAsync(DispatcherOptions settings, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var now = time.GetUtcNow();

                // In Single mode one node owns the data, so a job another owner left running belongs to a dead process.
                var taken = await store.RegisterDispatcherAsync(Owner, now, now + settings.LeaseDuration, settings.Mode == DispatchMode.Single, stoppingToken);
                if (taken > 0)
                {
                    Log.LeasesTakenOver(log, taken);
                }

                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                // The database may not be up yet; nothing can be claimed until this works.
                Log.TickFailed(log, ex);
                try
                {
                    await Task.Delay(settings.IdleCheckInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    private async Task DispatchUntilStoppedAsync(DispatcherOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            _running.RemoveAll(r => r.Task.IsCompleted);
            var wanted = Math.Min(settings.MaxJobsInFlight - _running.Count, ClaimBatch);
            var mayHaveMore = false;
            if (wanted > 0)
            {
                try
                {
                    var jobs = await store.ClaimJobsAsync(new ClaimRequest(Owner, wanted, time.GetUtcNow(), Capacities()), stoppingToken);
                    foreach (var job in jobs)
                    {
                        _running.Add(new RunningJob(RunAndSignalAsync(job, stoppingToken), job.CurrentModel.Vendor));
                    }

                    mayHaveMore = jobs.Count == wanted;
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

            if (mayHaveMore)
            {
                continue;
            }

            try
            {
                // A new job, a finished run (a freed slot) or another node's hand-back wakes this early.
                await signal.WaitAsync(settings.IdleCheckInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>What each limited vendor may still start: its account limit (the store subtracts what runs anywhere) or this node's free render slots.</summary>
    private List<VendorCapacity> Capacities()
    {
        var capacities = new List<VendorCapacity>();
        foreach (var vendor in vendors.Vendors)
        {
            if (vendor is not IVendorConcurrencyLimit limit)
            {
                continue;
            }

            if (limit.Scope == ConcurrencyScope.Node)
            {
                var busy = _running.Count(r => !r.Task.IsCompleted && string.Equals(r.Vendor, vendor.Name, StringComparison.OrdinalIgnoreCase));
                capacities.Add(new VendorCapacity(vendor.Name, Math.Max(0, limit.MaxConcurrentJobs - busy), ConcurrencyScope.Node));
            }
            else
            {
                capacities.Add(new VendorCapacity(vendor.Name, limit.MaxConcurrentJobs, ConcurrencyScope.Deployment));
            }
        }

        return capacities;
    }

    private async Task RunAndSignalAsync(Job job, CancellationToken stoppingToken)
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

    /// <summary>
    /// Keeps the node's lease alive, hands dead nodes' jobs back to the queue, learns vendor pauses,
    /// and stops the runs whose jobs are no longer this node's (cancelled or deleted through another
    /// node, or handed over after this node stalled).
    /// </summary>
    private async Task BeatUntilStoppedAsync(DispatcherOptions settings, CancellationToken cancellationToken)
    {
        var interval = settings.LeaseDuration / 3;
        while (true)
        {
            try
            {
                await Task.Delay(interval, time, cancellationToken);

                // Runs started before the beat: their claims committed before it, so the store knows them.
                var running = activeJobs.Ids();
                var now = time.GetUtcNow();
                var beat = await store.HeartbeatAsync(Owner, now, now + settings.LeaseDuration, cancellationToken);
                pacing.Learn(beat.VendorPauses);
                if (beat.Reaped > 0)
                {
                    Log.JobsReaped(log, beat.Reaped);
                    signal.Notify();
                }

                if (beat.LeaseWasLost)
                {
                    Log.LeaseLost(log, running.Count);
                }

                foreach (var jobId in running)
                {
                    if (beat.LeaseWasLost || !beat.OwnedJobIds.Contains(jobId))
                    {
                        activeJobs.RequestStop(jobId);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The lease outlives two missed beats; a longer outage hands the jobs over (LeaseWasLost).
                Log.HeartbeatFailed(log, ex);
            }
        }
    }

    private async Task RetireAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
            var handedBack = await store.RetireDispatcherAsync(Owner, time.GetUtcNow(), timeout.Token);
            Log.Retired(log, Owner, handedBack);
        }
        catch (Exception ex)
        {
            // The lease runs out instead and another node (or the next start) takes the jobs over.
            Log.HeartbeatFailed(log, ex);
        }
    }

    private sealed record RunningJob(Task Task, string Vendor);

    private static partial class Log
    {
        [LoggerMessage(EventIds.DispatcherStarted, LogLevel.Information, "Dispatcher {Owner} started in {Mode} mode, up to {MaxJobsInFlight} jobs in flight")]
        public static partial void Started(ILogger logger, string owner, string mode, int maxJobsInFlight);

        [LoggerMessage(EventIds.DispatcherTickFailed, LogLevel.Error, "Dispatcher tick failed; retrying")]
        public static partial void TickFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.LeasesTakenOver, LogLevel.Warning, "Took over {Count} jobs left running by a stopped process")]
        public static partial void LeasesTakenOver(ILogger logger, int count);

        [LoggerMessage(EventIds.JobsReaped, LogLevel.Warning, "Handed {Count} jobs of stopped nodes back to the queue")]
        public static partial void JobsReaped(ILogger logger, int count);

        [LoggerMessage(EventIds.DispatcherLeaseLost, LogLevel.Error, "This node missed its heartbeats; its {Count} jobs were handed back and resume at the next claim")]
        public static partial void LeaseLost(ILogger logger, int count);

        [LoggerMessage(EventIds.DispatcherHeartbeatFailed, LogLevel.Warning, "Dispatcher heartbeat failed; retrying")]
        public static partial void HeartbeatFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.DispatcherRetired, LogLevel.Information, "Dispatcher {Owner} stopped and handed {Count} jobs back")]
        public static partial void Retired(ILogger logger, string owner, int count);
    }
}
