using System.Collections.Concurrent;

namespace Reelgate.Core.Dispatching;

/// <summary>
/// Vendor-wide pauses known to this node. When a vendor answers a rate limit with a wait
/// (Retry-After), no job of this node calls it again before the wait ends; the runner also records
/// the pause in the store, where claims on every node skip the vendor and each node's heartbeat
/// learns it for its polls.
/// </summary>
internal sealed class VendorPacing(TimeProvider time)
{
    /// <summary>A pause extended by less than this is not worth telling the other nodes again.</summary>
    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records a pause (a later one wins); true when it moved the end of the known pause by at least a second.</summary>
    public bool Pause(string vendor, DateTimeOffset until)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendor);
        while (true)
        {
            if (!_pausedUntil.TryGetValue(vendor, out var known))
            {
                if (_pausedUntil.TryAdd(vendor, until))
                {
                    return until - time.GetUtcNow() >= Resolution;
                }

                continue;
            }

            if (until - known < Resolution)
            {
                return false;
            }

            if (_pausedUntil.TryUpdate(vendor, until, known))
            {
                return true;
            }
        }
    }

    /// <summary>Takes in the pauses other nodes recorded (the heartbeat's reading).</summary>
    public void Learn(IReadOnlyDictionary<string, DateTimeOffset> pauses)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        foreach (var (vendor, until) in pauses)
        {
            Pause(vendor, until);
        }
    }

    /// <summary>How long calls to the vendor must still wait; zero when it is not paused.</summary>
    public TimeSpan Remaining(string vendor)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendor);
        if (!_pausedUntil.TryGetValue(vendor, out var until))
        {
            return TimeSpan.Zero;
        }

        var remaining = until - time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
