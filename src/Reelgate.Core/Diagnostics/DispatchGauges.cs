using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;

namespace Reelgate.Core.Diagnostics;

/// <summary>
/// Gauges of dispatch state on the <c>Reelgate</c> meter, read when metrics are collected (a
/// scrape), so they cost nothing between scrapes. The node's own state (running jobs per vendor,
/// vendor availability) is read in memory. The queue (per project) and the vendor slots in use are
/// the cluster's, read from the store: at most once
/// per <see cref="QueueReadInterval"/> and in the background, so a scrape never waits on the
/// database and answers the last reading (none before the first read completes).
/// </summary>
public sealed partial class DispatchGauges
{
    private static readonly TimeSpan QueueReadInterval = TimeSpan.FromSeconds(5);

    /// <summary>Per-project series are bounded: only projects with waiting jobs, the longest-waiting first.</summary>
    private const int MaxProjectSeries = 50;

    private readonly IDispatchStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<DispatchGauges> _log;
    private JobQueue? _queue;
    private long _queueReadAt;
    private int _reading;

    public DispatchGauges(IMeterFactory meterFactory, ActiveJobs activeJobs, VendorRegistry vendors, IVendorHealth health, IDispatchStore store, TimeProvider time, ILogger<DispatchGauges> log)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(activeJobs);
        ArgumentNullException.ThrowIfNull(vendors);
        ArgumentNullException.ThrowIfNull(health);
        _store = store;
        _time = time;
        _log = log;
        var meter = meterFactory.Create(ReelgateMetrics.MeterName);
        meter.CreateObservableUpDownCounter("reelgate.jobs.active", () => activeJobs.Count, "{job}", "Jobs this node's dispatcher is running now.");
        meter.CreateObservableUpDownCounter(
            "reelgate.vendor.jobs_in_flight",
            () => activeJobs.CountByVendor().Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("vendor", c.Key))),
            "{job}",
            "Jobs this node runs now, per vendor.");
        meter.CreateObservableGauge(
            "reelgate.vendor.slots_in_use",
            () => ReadQueue() is { } queue ? queue.Vendors.Select(v => new Measurement<long>(v.InUse, new KeyValuePair<string, object?>("vendor", v.Vendor))) : [],
            "{job}",
            "Concurrency slots of each vendor account held by running jobs across the deployment (every node reports the same number).");
        meter.CreateObservableGauge(
            "reelgate.vendor.available",
            () => vendors.Vendors.Select(v => new Measurement<int>(health.IsHealthy(v.Name) ? 1 : 0, new KeyValuePair<string, object?>("vendor", v.Name))),
            "{vendor}",
            "1 while an enabled vendor takes new work, 0 while its circuit is open.");
        meter.CreateObservableGauge(
            "reelgate.jobs.queued",
            () => ReadQueue() is { } queue ? [new Measurement<long>(queue.Queued)] : Array.Empty<Measurement<long>>(),
            "{job}",
            "Jobs waiting for a dispatcher in the whole deployment (every node reports the same number).");
        meter.CreateObservableGauge(
            "reelgate.jobs.queue_age",
            () => ReadQueue() is { } queue ? [new Measurement<double>(QueueAgeSeconds(queue))] : Array.Empty<Measurement<double>>(),
            "s",
            "How long the oldest queued job has waited; 0 when none waits.");
        meter.CreateObservableGauge(
            "reelgate.project.queue_age",
            () => ReadQueue() is { } queue
                ? queue.Projects.OrderBy(p => p.OldestQueuedAt).Take(MaxProjectSeries)
                    .Select(p => new Measurement<double>(Math.Max(0, (_time.GetUtcNow() - p.OldestQueuedAt).TotalSeconds), new KeyValuePair<string, object?>("project_id", p.ProjectId)))
                : [],
            "s",
            $"How long the oldest queued job of each waiting project has waited (the {MaxProjectSeries} longest-waiting projects).");
    }

    private JobQueue? ReadQueue()
    {
        var queue = Volatile.Read(ref _queue);
        var stale = queue is null || _time.GetElapsedTime(Interlocked.Read(ref _queueReadAt)) >= QueueReadInterval;
        if (stale && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
        {
            _ = RefreshQueueAsync();
        }

        return queue;
    }

    private async Task RefreshQueueAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(QueueReadInterval, _time);
            Volatile.Write(ref _queue, await _store.ReadQueueAsync(timeout.Token));
        }
        catch (Exception ex)
        {
            // The gauges keep the last reading; the readiness check reports a store that is away.
            Log.QueueReadFailed(_log, ex);
        }
        finally
        {
            Interlocked.Exchange(ref _queueReadAt, _time.GetTimestamp());
            Volatile.Write(ref _reading, 0);
        }
    }

    private double QueueAgeSeconds(JobQueue queue)
        => queue.OldestQueuedAt is { } oldest ? Math.Max(0, (_time.GetUtcNow() - oldest).TotalSeconds) : 0;

    private static partial class Log
    {
        [LoggerMessage(EventIds.QueueReadFailed, LogLevel.Warning, "Reading the job queue for the metrics failed")]
        public static partial void QueueReadFailed(ILogger logger, Exception exception);
    }
}
