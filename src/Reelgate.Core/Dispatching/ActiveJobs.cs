using System.Collections.Concurrent;

namespace Reelgate.Core.Dispatching;

/// <summary>
/// The jobs this process is running, each with a token that a cancel or delete trips at once, so
/// the vendor call (an ffmpeg process, an HTTP poll) stops without waiting for the next poll.
/// </summary>
public sealed class ActiveJobs
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _jobs = new(StringComparer.Ordinal);

    public int Count => _jobs.Count;

    public CancellationTokenSource Start(string jobId, CancellationToken stopping)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _jobs[jobId] = cts;
        return cts;
    }

    public void Finish(string jobId, CancellationTokenSource cts)
    {
        _jobs.TryRemove(new KeyValuePair<string, CancellationTokenSource>(jobId, cts));
        cts.Dispose();
    }

    /// <summary>Trips the job's token when this process runs it; other nodes notice at their next poll.</summary>
    public void RequestStop(string jobId)
    {
        if (_jobs.TryGetValue(jobId, out var cts))
        {
            try
            {
                cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The job finished between the lookup and the cancel.
            }
        }
    }
}
