namespace Reelgate.Core.Jobs;

/// <summary>Output resolution classes of the contract.</summary>
public enum Resolution
{
    P720 = 0,
    P1080 = 1,
    K4 = 2,
}

/// <summary>Aspect ratios of the contract.</summary>
public enum Aspect
{
    Landscape = 0,
    Portrait = 1,
    Square = 2,
}

/// <summary>Routing strategies of the contract.</summary>
public enum Prefer
{
    Balanced = 0,
    Cheapest = 1,
    Smartest = 2,
}

/// <summary>Wire names of the format enums and the pixel sizes they stand for.</summary>
public static class VideoFormats
{
    public static readonly IReadOnlyList<string> ResolutionNames = ["720p", "1080p", "4k"];
    public static readonly IReadOnlyList<string> AspectNames = ["16:9", "9:16", "1:1"];
    public static readonly IReadOnlyList<string> PreferNames = ["balanced", "cheapest", "smartest"];

    public static string Name(this Resolution resolution) => ResolutionNames[(int)resolution];

    public static string Name(this Aspect aspect) => AspectNames[(int)aspect];

    public static string Name(this Prefer prefer) => PreferNames[(int)prefer];

    public static bool TryParseResolution(string value, out Resolution resolution)
        => TryParse(ResolutionNames, value, out resolution);

    public static bool TryParseAspect(string value, out Aspect aspect)
        => TryParse(AspectNames, value, out aspect);

    public static bool TryParsePrefer(string value, out Prefer prefer)
        => TryParse(PreferNames, value, out prefer);

    /// <summary>
    /// Pixel size of a resolution class at an aspect: the short side is the class's line count
    /// (720, 1080, 2160), so 720p is 1280x720, 720x1280 or 720x720.
    /// </summary>
    public static (int Width, int Height) PixelSize(Resolution resolution, Aspect aspect)
    {
        var shortSide = resolution switch
        {
            Resolution.P720 => 720,
            Resolution.P1080 => 1080,
            _ => 2160,
        };
        var longSide = shortSide * 16 / 9;
        return aspect switch
        {
            Aspect.Landscape => (longSide, shortSide),
            Aspect.Portrait => (shortSide, longSide),
            _ => (shortSide, shortSide),
        };
    }

    private static bool TryParse<T>(IReadOnlyList<string> names, string value, out T result)
        where T : struct, Enum
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], value, StringComparison.OrdinalIgnoreCase))
            {
                result = (T)(object)i;
                return true;
            }
        }

        result = default;
        return false;
    }
}
