using System.Collections.Concurrent;

namespace Reelgate.Core.Events;

/// <summary>
/// In-process fan-out of "job X changed" signals to waiters (<c>status?wait</c>, SSE). Signals
/// carry no state: a waiter re-reads the job, so a missed or merged signal costs nothing.
/// Scale-out replaces the source of signals (PostgreSQL LISTEN/NOTIFY), not this contract.
/// </summary>
public sealed class JobEventHub
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _subscribers = new(StringComparer.Ordinal);

    /// <summary>Starts listening for changes of one job; dispose the subscription to stop.</summary>
    public Subscription Subscribe(string jobId)
    {
        var subscription = new Subscription(this, jobId);
        _subscribers.GetOrAdd(jobId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    public void Publish(string jobId)
    {
        if (_subscribers.TryGetValue(jobId, out var subscribers))
        {
            foreach (var subscriber in subscribers.Keys)
            {
                subscriber.Signal();
            }
        }
    }

    /// <summary>Wakes every waiter, which re-reads its job: for when signals may have been missed.</summary>
    public void PublishAll()
    {
        foreach (var subscribers in _subscribers.Values)
        {
            foreach (var subscriber in subscribers.Keys)
            {
                subscriber.Signal();
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        if (_subscribers.TryGetValue(subscription.JobId, out var subscribers))
        {
            subscribers.TryRemove(subscription, out _);
            if (subscribers.IsEmpty)
            {
                _subscribers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Subscription, byte>>(subscription.JobId, subscribers));
            }
        }
    }

    /// <summary>One waiter's view: a latch that is set by any change since the last wait.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly JobEventHub _hub;
        private readonly SemaphoreSlim _changed = new(0, 1);

        internal Subscription(JobEventHub hub, string jobId)
        {
            _hub = hub;
            JobId = jobId;
        }

        public string JobId { get; }

        /// <summary>Waits for a change; false when <paramref name="timeout"/> passed first.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

        public void Dispose()
        {
            _hub.Remove(this);
            _changed.Dispose();
        }

        internal void Signal()
        {
            try
            {
                if (_changed.CurrentCount == 0)
                {
                    _changed.Release();
                }
            }
            catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
            {
                // Already signalled, or the waiter just left.
            }
        }
    }
}
