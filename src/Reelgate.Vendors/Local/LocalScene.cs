using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Reelgate.Vendors.Local;

/// <summary>
/// The procedural picture of a prompt, as an ffmpeg lavfi source graph. Every choice comes from
/// the prompt's SHA-256 (never from a random source), so one prompt always gives the same frames
/// and different prompts look different.
/// </summary>
internal static class LocalScene
{
    // Patterns are drawn on a small canvas and scaled up: the clip looks the same at every
    // resolution, and drawing 4k costs no more than 720p (encoding is the expensive part).
    private const int CanvasShortSide = 360;

    private static readonly (double X, double Y)[] MandelbrotPoints =
    [
        (-0.743643887, 0.131825904),
        (-0.7453, 0.1127),
        (0.2549870375, -0.0005353259),
        (-1.25066, 0.02012),
        (-0.1600, 1.0405),
        (-0.7269, 0.1889),
        (0.001643721971153, -0.822467633298876),
        (-1.7499, 0.0),
    ];

    private static readonly string[] LifeRules = ["B3/S23", "B36/S23", "B3678/S34678", "B368/S245"];
    private static readonly int[] CellRules = [18, 30, 45, 73, 90, 105, 110, 150];
    private static readonly double[] MandelbrotEndScales = [0.3, 0.05, 0.01];

    public static string BuildSource(string prompt, int width, int height, int framesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(prompt));
        var shortSide = Math.Min(width, height);
        var canvas = $"{width * CanvasShortSide / shortSide}x{height * CanvasShortSide / shortSide}";
        var cells = $"{width * CanvasShortSide / shortSide / 2}x{height * CanvasShortSide / shortSide / 2}";
        var seed = BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(27, 4));
        var pick = hash[31];
        var colors = Enumerable.Range(0, 8).Select(i => Color(hash, 3 + (3 * i))).ToArray();
        var hueStart = hash[1] * 360 / 256;
        var hueSpeed = (10 + (hash[2] % 40)) * (hash[2] >= 128 ? -1 : 1);

        var (pattern, scaleFlags) = (hash[0] % 5) switch
        {
            0 => (Invariant(
                    $"gradients=s={canvas}:r={framesPerSecond}:seed={seed}:n={3 + (pick % 4)}:type={pick / 4 % 4}")
                  + Invariant($":speed={Math.Round(0.004 + (pick / 16 % 8 * 0.003), 3)}")
                  + string.Concat(colors.Select((c, i) => $":c{i}={c}")),
                "bicubic"),
            1 => (Invariant(
                    $"mandelbrot=s={canvas}:r={framesPerSecond}:maxiter=400:start_scale=3")
                  + Invariant($":end_scale={MandelbrotEndScales[pick / 8 % 3]}:end_pts={framesPerSecond * 20}")
                  + Invariant($":start_x={MandelbrotPoints[pick % 8].X}:start_y={MandelbrotPoints[pick % 8].Y}")
                  + $":outer={(pick / 32 % 2 == 0 ? "normalized_iteration_count" : "iteration_count")}",
                "bicubic"),
            2 => (Invariant(
                    $"life=s={cells}:r={framesPerSecond}:seed={seed}:rule={LifeRules[pick % 4]}")
                  + Invariant($":ratio={Math.Round(0.15 + (pick / 4 % 8 * 0.05), 2)}:mold={5 + (pick / 32 * 5)}")
                  + $":life_color={Bright(hash, 3)}:death_color={Dark(hash, 6)}:mold_color={Dark(hash, 9)}",
                "neighbor"),
            3 => (Invariant(
                    $"cellauto=s={cells}:r={framesPerSecond}:seed={seed}:rule={CellRules[pick % 8]}")
                  + Invariant($":ratio={Math.Round(0.3 + (pick / 8 % 5 * 0.1), 1)},")
                  + TwoColors(hash),
                "neighbor"),
            _ => (Invariant(
                    $"sierpinski=s={canvas}:r={framesPerSecond}:seed={seed}:jump={1 + (pick % 8)}:type={pick / 8 % 2},")
                  + TwoColors(hash),
                "neighbor"),
        };

        // The hue turns with time, so even the still patterns (sierpinski) move.
        return pattern
               + Invariant($",hue=h={hueStart}+{hueSpeed}*t")
               + $",scale={width}:{height}:flags={scaleFlags}+accurate_rnd+bitexact";
    }

    /// <summary>Maps a black-and-white pattern onto a dark and a bright colour of the seed.</summary>
    private static string TwoColors(byte[] hash)
    {
        var channels = "rgb";
        var parts = new string[3];
        for (var i = 0; i < 3; i++)
        {
            var dark = hash[6 + i] / 3;
            var bright = 128 + (hash[3 + i] / 2);
            parts[i] = Invariant($"{channels[i]}={dark}+({bright - dark})*val/255");
        }

        return "format=rgb24,lutrgb=" + string.Join(':', parts);
    }

    private static string Color(byte[] hash, int at) => $"0x{hash[at]:x2}{hash[at + 1]:x2}{hash[at + 2]:x2}";

    private static string Bright(byte[] hash, int at)
        => $"0x{128 + (hash[at] / 2):x2}{128 + (hash[at + 1] / 2):x2}{128 + (hash[at + 2] / 2):x2}";

    private static string Dark(byte[] hash, int at) => $"0x{hash[at] / 4:x2}{hash[at + 1] / 4:x2}{hash[at + 2] / 4:x2}";

    private static string Invariant(FormattableString value) => FormattableString.Invariant(value);
}
