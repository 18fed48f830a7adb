using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Media;

namespace Reelgate.Vendors.Local;

/// <summary>Renders one procedural clip with ffmpeg into a job folder, then its thumbnail.</summary>
internal sealed class LocalRenderer(IOptions<MediaToolsOptions> options, IMediaProbe probe)
{
    public const int FramesPerSecond = 24;
    public const string VideoFileName = "video.mp4";
    public const string ThumbnailFileName = "thumbnail.jpg";
    private const string PartialVideoSuffix = ".partial.mp4";
    private const string PromptFileName = "prompt.txt";
    private const int MaxPromptChars = 200;

    // Encoding takes most of the time; share of the progress bar left for the thumbnail.
    private const double EncodeShare = 0.95;

    private static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    ];

    // A fixed font file keeps the text pixels the same from run to run; without one, drawtext
    // asks fontconfig for its default sans font.
    private static readonly string? FontFile = FontCandidates.FirstOrDefault(File.Exists);

    private readonly MediaToolsOptions _options = options.Value;

    /// <summary>
    /// Writes <see cref="VideoFileName"/> and <see cref="ThumbnailFileName"/> into <paramref name="directory"/>.
    /// The video appears last and whole (renamed from a partial name), so its presence means the render finished.
    /// </summary>
    public async Task RenderAsync(JobSpec spec, string directory, LocalRenderJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(job);
        Directory.CreateDirectory(directory);
        var (width, height) = spec.PixelSize;
        var fontSize = Math.Min(width, height) / 18;

        // drawtext reads the prompt from a file: nothing in it needs escaping, and %{...} stays literal.
        var text = WrapPrompt(spec.Prompt, MaxLineChars(width, fontSize));
        await File.WriteAllTextAsync(
            Path.Combine(directory, PromptFileName), text, new UTF8Encoding(false), cancellationToken);

        // A fresh partial name per render: an ffmpeg orphaned by a killed gateway may still be
        // writing its own file, and two writers on one file would corrupt the video.
        foreach (var stale in Directory.EnumerateFiles(directory, "*" + PartialVideoSuffix))
        {
            File.Delete(stale);
        }

        var partialName = "video." + Guid.NewGuid().ToString("N")[..12] + PartialVideoSuffix;
        var partialPath = Path.Combine(directory, partialName);
        var totalMicroseconds = spec.DurationSeconds * 1_000_000.0;
        var runOptions = new ProcessRunOptions
        {
            WorkingDirectory = directory,
            OnStarted = id => job.ReportProcess(id),
            OnOutputLine = line =>
            {
                if (TryParseOutTime(line, out var microseconds))
                {
                    job.ReportProgress(EncodeShare * Math.Min(1, microseconds / totalMicroseconds));
                }
            },
        };
        try
        {
            var result = await ProcessRunner.RunAsync(
                _options.FfmpegPath, BuildArguments(spec, width, height, fontSize, partialName), runOptions, cancellationToken);
            job.ReportProcess(null);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"ffmpeg exited with code {result.ExitCode}: {Summarize(result.StandardErrorTail)}");
            }

            // The clip was just rendered to the ordered length, so it needs no probe.
            await probe.MakeThumbnailAsync(partialPath, spec.DurationSeconds, Path.Combine(directory, ThumbnailFileName), cancellationToken);
            File.Move(partialPath, Path.Combine(directory, VideoFileName), overwrite: true);
        }
        finally
        {
            job.ReportProcess(null);
            File.Delete(partialPath);
            File.Delete(Path.Combine(directory, PromptFileName));
        }
    }

    /// <summary>
    /// Collapses whitespace, drops control characters, cuts at <see cref="MaxPromptChars"/> with an
    /// ellipsis and wraps at word boundaries (hard-breaking words longer than a line).
    /// </summary>
    internal static string WrapPrompt(string prompt, int maxLineChars)
    {
        var words = new string(prompt.Where(c => !char.IsControl(c) || char.IsWhiteSpace(c)).ToArray())
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join(' ', words);
        if (text.Length > MaxPromptChars)
        {
            var cut = MaxPromptChars - 1;
            if (char.IsHighSurrogate(text[cut - 1]))
            {
                cut--;
            }

            text = text[..cut].TrimEnd() + "…";
        }

        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            if (line.Length > 0 && line.Length + 1 + rest.Length > maxLineChars)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            while (rest.Length > maxLineChars)
            {
                var cut = char.IsHighSurrogate(rest[maxLineChars - 1]) ? maxLineChars - 1 : maxLineChars;
                lines.Add(rest[..cut]);
                rest = rest[cut..];
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(rest);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return string.Join('\n', lines);
    }

    private static List<string> BuildArguments(JobSpec spec, int width, int height, int fontSize, string outputName)
    {
        var shortSide = Math.Min(width, height);
        var font = FontFile is null ? string.Empty : $"fontfile={EscapeFilterValue(FontFile)}:";
        var drawText = $"drawtext={font}textfile={PromptFileName}:expansion=none:fontsize={fontSize}:fontcolor=white"
                       + $":line_spacing={shortSide / 90}:box=1:boxcolor=black@0.45:boxborderw={shortSide / 80}"
                       + $":x=(w-text_w)/2:y=h-text_h-{shortSide / 12}";
        return
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-stats_period", "0.25", "-y",
            "-f", "lavfi",
            "-i", LocalScene.BuildSource(spec.Prompt, width, height, FramesPerSecond),
            "-vf", $"{drawText},format=yuv420p",
            "-t", spec.DurationSeconds.ToString(CultureInfo.InvariantCulture),
            "-an",
            "-c:v", "libx264",
            // 4k at veryfast takes several times the clip's length on a small machine.
            "-preset", spec.Resolution == Resolution.K4 ? "ultrafast" : "veryfast",
            "-crf", "23",
            "-pix_fmt", "yuv420p",
            "-fflags", "+bitexact",
            "-flags:v", "+bitexact",
            "-map_metadata", "-1",
            "-movflags", "+faststart",
            "-f", "mp4",
            outputName,
        ];
    }

    // DejaVu Sans averages about 0.6 em per character; lines use 90% of the width.
    private static int MaxLineChars(int width, int fontSize) => Math.Max(8, (int)(width * 0.9 / (fontSize * 0.6)));

    /// <summary>
    /// Escapes a value for a filter option inside a filter graph: first for the option parser,
    /// then for the graph parser (ffmpeg-filters, "Notes on filtergraph escaping").
    /// </summary>
    private static string EscapeFilterValue(string value)
    {
        var option = new StringBuilder();
        foreach (var c in value)
        {
            option.Append(c is '\\' or '\'' or ':' ? "\\" : string.Empty).Append(c);
        }

        var graph = new StringBuilder();
        foreach (var c in option.ToString())
        {
            graph.Append(c is '\\' or '\'' or '[' or ']' or ',' or ';' ? "\\" : string.Empty).Append(c);
        }

        return graph.ToString();
    }

    // -progress writes "out_time_us=1234567" (and "N/A" before the first frame).
    private static bool TryParseOutTime(string line, out double microseconds)
    {
        const string Key = "out_time_us=";
        microseconds = 0;
        return line.StartsWith(Key, StringComparison.Ordinal)
               && double.TryParse(line.AsSpan(Key.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out microseconds)
               && microseconds >= 0;
    }

    /// <summary>The last few lines of stderr, where ffmpeg says what went wrong.</summary>
    private static string Summarize(string standardError)
    {
        var lines = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var summary = string.Join(" | ", lines.TakeLast(3));
        return summary.Length > 500 ? summary[^500..] : summary.Length == 0 ? "no error output" : summary;
    }
}
