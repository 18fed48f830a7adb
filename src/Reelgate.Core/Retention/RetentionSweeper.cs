using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Core.Retention;

/// <summary>
/// Expires succeeded jobs whose retention window has passed: the row turns <c>expired</c> first,
/// then the files go, so a crash in between leaves stray bytes, never a job pointing at nothing.
/// </summary>
internal sealed partial class RetentionSweeper(
    IRetentionStore store,
    IBlobStore blobs,
    IOptions<RetentionOptions> options,
    ReelgateMetrics metrics,
    TimeProvider time,
    ILogger<RetentionSweeper> log) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.SweepFailed(log, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Expires every due job; answers how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        IReadOnlyList<Job> expired;
        do
        {
            expired = await store.ExpireDueJobsAsync(time.GetUtcNow(), BatchSize, cancellationToken);
            foreach (var job in expired)
            {
                foreach (var key in ArtifactKeys.For(job))
                {
                    try
                    {
                        await blobs.DeleteAsync(key, cancellationToken);
                    }
                    catch (IOException ex)
                    {
                        Log.ArtifactDeleteFailed(log, ex, job.Id);
                    }
                }
            }

            total += expired.Count;
        }
        while (expired.Count == BatchSize);

        if (total > 0)
        {
            Log.JobsExpired(log, total);
            metrics.JobsExpired(total);
        }

        return total;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.JobsExpired, LogLevel.Information, "Expired {Count} jobs whose retention window passed")]
        public static partial void JobsExpired(ILogger logger, int count);

        [LoggerMessage(EventIds.SweepFailed, LogLevel.Error, "Retention sweep failed; retrying next interval")]
        public static partial void SweepFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.ArtifactDeleteFailed, LogLevel.Warning, "Could not delete a file of expired job {JobId}")]
        public static partial void ArtifactDeleteFailed(ILogger logger, Exception exception, string jobId);
    }
}
