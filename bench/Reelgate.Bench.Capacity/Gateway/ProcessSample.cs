using System.Diagnostics;
using System.Globalization;

namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>
/// What Linux says about a process: resident memory (<c>/proc/PID/status</c> VmRSS) and CPU time
/// (<c>/proc/PID/stat</c> utime+stime; children = cutime+cstime, the ffprobe/ffmpeg processes it ran
/// and reaped), at a <see cref="Stopwatch"/> timestamp.
/// </summary>
internal sealed record ProcessSample(long At, long RssBytes, TimeSpan Cpu, TimeSpan ChildrenCpu)
{
    private static readonly Lazy<double> ClockTicks = new(ReadClockTicks);

    /// <summary>Linux's clock ticks per second (<c>getconf CLK_TCK</c>), the unit of /proc's CPU times.</summary>
    public static double TicksPerSecond => ClockTicks.Value;

    public static ProcessSample Read(int pid)
    {
        var at = Stopwatch.GetTimestamp();
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var cpu = Ticks(fields[11]) + Ticks(fields[12]);
        var children = Ticks(fields[13]) + Ticks(fields[14]);
        var rss = File.ReadLines($"/proc/{pid}/status")
            .Where(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(line => long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024)
            .FirstOrDefault();
        return new ProcessSample(at, rss, cpu, children);
    }

    /// <summary>CPU used between two samples as a share of one core (1.0 = one core busy).</summary>
    public static double CoreShare(ProcessSample from, ProcessSample to)
        => (to.Cpu - from.Cpu).TotalSeconds / Stopwatch.GetElapsedTime(from.At, to.At).TotalSeconds;

    private static TimeSpan Ticks(string value) => TimeSpan.FromSeconds(long.Parse(value, CultureInfo.InvariantCulture) / TicksPerSecond);

    private static double ReadClockTicks()
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("getconf did not start");
        var ticks = getconf.StandardOutput.ReadToEnd().Trim();
        getconf.WaitForExit();
        return double.Parse(ticks, CultureInfo.InvariantCulture);
    }
}
