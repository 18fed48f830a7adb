using System.Collections.Concurrent;

namespace Reelgate.Core.Dispatching;

/// <summary>
/// The jobs this process is running, each with a token that a cancel or delete trips at once, so
/// the vendor call (an ffmpeg process, an HTTP poll) stops without waiting for the next poll.
/// </summary>
public sealed class ActiveJobs
{
    private readonly ConcurrentDictionary<string, Run> _jobs = new(StringComparer.Ordinal);

    public int Count => _jobs.Count;

    public CancellationTokenSource Start(string jobId, string vendor, CancellationToken stopping)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _jobs[jobId] = new Run(cts, vendor);
        return cts;
    }

    public void Finish(string jobId, CancellationTokenSource cts)
    {
        ArgumentNullException.ThrowIfNull(cts);
        if (_jobs.TryGetValue(jobId, out var run) && ReferenceEquals(run.Cancellation, cts))
        {
            _jobs.TryRemove(new KeyValuePair<string, Run>(jobId, run));
        }

        cts.Dispose();
    }

    /// <summary>The ids of the jobs running now (a snapshot).</summary>
    public IReadOnlyList<string> Ids() => [.. _jobs.Keys];

    /// <summary>How many jobs this process runs on each vendor now (a snapshot).</summary>
    public IReadOnlyDictionary<string, int> CountByVendor()
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var run in _jobs.Values)
        {
            counts[run.Vendor] = counts.GetValueOrDefault(run.Vendor) + 1;
        }

        return counts;
    }

    /// <summary>Trips the job's token when this process runs it; other nodes notice at their next heartbeat.</summary>
    public void RequestStop(string jobId)
    {
        if (_jobs.TryGetValue(jobId, out var run))
        {
            try
            {
                run.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The job finished between the lookup and the cancel.
            }
        }
    }

    private sealed record Run(CancellationTokenSource Cancellation, string Vendor);
}
