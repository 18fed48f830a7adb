using System.Globalization;

namespace Reelgate.Bench.Capacity;

/// <summary>Sizes and paths from environment variables, so a smoke run can shrink any scenario.</summary>
internal static class Env
{
    public static int Int(string name, int fallback)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static string? String(string name)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    public static bool Flag(string name) => String(name) is "1" or "true";
}
