using System.Collections.Concurrent;
using Reelgate.Core.Ports;

namespace Reelgate.Core.Dispatching;

/// <summary>Caps how many jobs this process runs at once on each vendor (<see cref="IVendorConcurrencyLimit"/>).</summary>
public sealed class VendorConcurrency
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(IVideoVendor vendor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        if (vendor is not IVendorConcurrencyLimit { MaxConcurrentJobs: > 0 } limit)
        {
            return NoSlot.Instance;
        }

        var slots = _slots.GetOrAdd(vendor.Name, _ => new SemaphoreSlim(limit.MaxConcurrentJobs, limit.MaxConcurrentJobs));
        await slots.WaitAsync(cancellationToken);
        return new Slot(slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();

        public void Dispose()
        {
        }
    }
}
