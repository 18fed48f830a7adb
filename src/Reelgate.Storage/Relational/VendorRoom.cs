using Reelgate.Core.Dispatching;

namespace Reelgate.Storage.Relational;

/// <summary>
/// The room each vendor has in one claim, taken job by job: a vendor's limit less the slots its
/// running jobs hold (deployment scope) or what the node can still start (node scope); none while
/// the vendor is paused; unbounded for a vendor without a limit.
/// </summary>
internal sealed class VendorRoom
{
    // Not a vendor name (names are lowercase words), so "vendor IN @counted" never gets an empty list.
    private const string NoVendor = "";

    private readonly Dictionary<string, int> _room = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _paused;

    public VendorRoom(IReadOnlyList<VendorCapacity> capacities, IReadOnlyDictionary<string, long> slotsInUse, IEnumerable<string> paused)
    {
        _paused = new HashSet<string>(paused, StringComparer.OrdinalIgnoreCase);
        List<string> counted = [NoVendor];
        foreach (var capacity in capacities)
        {
            var limit = capacity.Limit;
            if (capacity.Scope == ConcurrencyScope.Deployment)
            {
                counted.Add(capacity.Vendor);
                limit = (int)Math.Max(0, limit - slotsInUse.GetValueOrDefault(capacity.Vendor));
            }

            _room[capacity.Vendor] = _paused.Contains(capacity.Vendor) ? 0 : Math.Max(0, limit);
        }

        CountedVendors = [.. counted];
    }

    /// <summary>Vendors whose slots are counted in the store (never empty).</summary>
    public string[] CountedVendors { get; }

    /// <summary>The vendors that can start nothing now: their jobs are not worth reading.</summary>
    public string[] Full() => [.. _room.Where(r => r.Value <= 0).Select(r => r.Key), .. _paused.Where(p => !_room.ContainsKey(p))];

    /// <summary>Takes one unit of the vendor's room; false when it has none.</summary>
    public bool TryTake(string? vendor)
    {
        if (vendor is null)
        {
            return true;
        }

        if (_room.TryGetValue(vendor, out var left))
        {
            if (left <= 0)
            {
                return false;
            }

            _room[vendor] = left - 1;
            return true;
        }

        return !_paused.Contains(vendor);
    }
}
