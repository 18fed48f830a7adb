using System.Diagnostics;
using System.Globalization;

namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>
/// The whole machine's busy CPU time (<c>/proc/stat</c>: every state but idle and iowait), to tell
/// how much of the cores something other than the gateway and the bench used during a window (the
/// machine is shared).
/// </summary>
internal sealed record MachineSample(long At, TimeSpan Busy)
{
    public static MachineSample Read()
    {
        var at = Stopwatch.GetTimestamp();
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();

        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return new MachineSample(at, TimeSpan.FromSeconds(busy / ProcessSample.TicksPerSecond));
    }

    /// <summary>Busy cores between two samples (2.0 = both cores of this machine busy).</summary>
    public static double BusyCores(MachineSample from, MachineSample to)
        => (to.Busy - from.Busy).TotalSeconds / Stopwatch.GetElapsedTime(from.At, to.At).TotalSeconds;
}
