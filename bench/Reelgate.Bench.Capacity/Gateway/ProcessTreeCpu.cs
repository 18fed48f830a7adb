using System.Globalization;

namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>
/// CPU time of the bench and the processes it started (its children, with their reaped children:
/// the gateways and their ffprobe/ffmpeg), to tell the machine's other load apart during a scenario.
/// </summary>
internal static class ProcessTreeCpu
{
    public static TimeSpan Read()
    {
        var self = Environment.ProcessId;
        var total = Own(self);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) && pid != self && ParentOf(pid) == self)
            {
                total += Own(pid);
            }
        }

        return total;
    }

    /// <summary>utime + stime + cutime + cstime of <paramref name="pid"/>; zero when it has gone.</summary>
    private static TimeSpan Own(int pid)
        => Fields(pid) is { } fields
            ? TimeSpan.FromSeconds(fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / ProcessSample.TicksPerSecond)
            : TimeSpan.Zero;

    private static int? ParentOf(int pid) => Fields(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    /// <summary>The fields of <c>/proc/PID/stat</c> after the command name (state first).</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
