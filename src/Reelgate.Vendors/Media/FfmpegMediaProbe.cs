using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Media;

/// <summary>
/// Reads media files with ffprobe and cuts thumbnails and spritesheets with ffmpeg, every process
/// in the shared <see cref="MediaProcessPool"/>.
/// </summary>
internal sealed partial class FfmpegMediaProbe(
    IOptions<MediaToolsOptions> options,
    MediaProcessPool pool,
    ILogger<FfmpegMediaProbe> log) : IMediaProbe
{
    // The first video stream that is not a cover picture: the one ProbeAsync describes.
    private const string VideoInput = "[0:V:0]";

    private const double ThumbnailAtSeconds = 1.0;

    // Thumbnails are previews, so a 4k frame is scaled to fit this box.
    private const int ThumbnailMaxSide = 1280;
    private const int ThumbnailQuality = 3;
    private const int SpritesheetQuality = 4;

    // A spritesheet is a Columns x Rows grid of frames, each TileWidth pixels wide (height by aspect),
    // so a 16:9 video gives 1280x720 whatever its resolution or length.
    internal const int SpritesheetColumns = 5;
    internal const int SpritesheetRows = 5;
    internal const int SpritesheetTileWidth = 256;

    private readonly MediaToolsOptions _options = options.Value;

    public async Task<MediaInfo?> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] arguments =
        [
            "-v", "error",
            .. InputArguments(path),
            "-print_format", "json",
            "-show_streams",
            "-show_format",
        ];
        var result = await pool.RunAsync(_options.FfprobePath, arguments, MediaWork.Starting, cancellationToken);
        if (result.ExitCode != 0)
        {
            Log.ProbeFailed(log, path, result.ExitCode, result.StandardErrorTail.Trim());
            return null;
        }

        try
        {
            return Parse(result.StandardOutput);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            Log.ProbeOutputUnreadable(log, path, ex);
            return null;
        }
    }

    public Task MakePreviewsAsync(string videoPath, MediaInfo info, string spritesheetPath, string? thumbnailPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(videoPath);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentException.ThrowIfNullOrEmpty(spritesheetPath);
        if (thumbnailPath is null)
        {
            return WriteStillsAsync(
                "a spritesheet",
                videoPath,
                $"{VideoInput}{SpritesheetFilter(info.DurationSeconds)}[sheet]",
                [("[sheet]", spritesheetPath, SpritesheetQuality)],
                cancellationToken);
        }

        ArgumentException.ThrowIfNullOrEmpty(thumbnailPath);

        // Decoding is most of the cost, so one decode feeds both images: split hands each frame to
        // both chains, and the thumbnail's chain stops taking frames once it has its one.
        return WriteStillsAsync(
            "a spritesheet and a thumbnail",
            videoPath,
            $"{VideoInput}split=2[s][t];[s]{SpritesheetFilter(info.DurationSeconds)}[sheet];[t]{ThumbnailFilter(info.DurationSeconds)}[thumb]",
            [("[sheet]", spritesheetPath, SpritesheetQuality), ("[thumb]", thumbnailPath, ThumbnailQuality)],
            cancellationToken);
    }

    public Task MakeThumbnailAsync(string videoPath, double durationSeconds, string thumbnailPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(videoPath);
        ArgumentException.ThrowIfNullOrEmpty(thumbnailPath);

        // ffmpeg stops reading once its only output has its frame, so this decodes at most the
        // first second, not the whole clip.
        return WriteStillsAsync(
            "a thumbnail",
            videoPath,
            $"{VideoInput}{ThumbnailFilter(durationSeconds)}[thumb]",
            [("[thumb]", thumbnailPath, ThumbnailQuality)],
            cancellationToken);
    }

    /// <summary>
    /// The first frame from <see cref="ThumbnailAtSeconds"/> on (from the middle of a shorter clip),
    /// scaled down to fit <see cref="ThumbnailMaxSide"/> keeping its aspect.
    /// </summary>
    /// <remarks>
    /// The select keeps the frames after that one from reaching the scale: ffmpeg goes on feeding
    /// this chain after the thumbnail is written, and scaling each frame only to drop it cost more
    /// (about half the decode again) than the second process that the split saves.
    /// </remarks>
    private static string ThumbnailFilter(double durationSeconds)
    {
        var at = Math.Min(ThumbnailAtSeconds, durationSeconds / 2);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"trim=start={at:0.###},select='eq(n,0)',scale='min(iw,{ThumbnailMaxSide})':'min(ih,{ThumbnailMaxSide})':force_original_aspect_ratio=decrease");
    }

    /// <summary>
    /// Columns x Rows frames at even intervals over the whole duration; 'tile' flushes a partly
    /// filled grid at the end of the stream, so a clip with fewer frames still gives one image.
    /// </summary>
    private static string SpritesheetFilter(double durationSeconds)
    {
        const int frames = SpritesheetColumns * SpritesheetRows;
        var rate = frames / Math.Max(durationSeconds, 0.1);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"fps={rate:0.######},scale={SpritesheetTileWidth}:-2,tile={SpritesheetColumns}x{SpritesheetRows}");
    }

    /// <summary>
    /// Runs one ffmpeg that decodes the video once through <paramref name="filterGraph"/> and writes
    /// one JPEG per labelled output. Each is written beside its target and renamed once ffmpeg
    /// succeeded, so a half-written image is never seen.
    /// </summary>
    private async Task WriteStillsAsync(
        string what,
        string videoPath,
        string filterGraph,
        (string Label, string Path, int Quality)[] outputs,
        CancellationToken cancellationToken)
    {
        var targets = Array.ConvertAll(outputs, static output => Path.GetFullPath(output.Path));
        var partials = Array.ConvertAll(targets, static target
            => Path.Combine(Path.GetDirectoryName(target)!, Path.GetFileNameWithoutExtension(target) + ".partial.jpg"));
        List<string> arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            .. InputArguments(videoPath),
            "-filter_complex", filterGraph,
        ];
        for (var i = 0; i < outputs.Length; i++)
        {
            arguments.AddRange(
            [
                "-map", outputs[i].Label,
                "-frames:v", "1",
                "-q:v", outputs[i].Quality.ToString(CultureInfo.InvariantCulture),
                "-update", "1",
                "-f", "image2",
                "file:" + partials[i],
            ]);
        }

        try
        {
            var result = await pool.RunAsync(_options.FfmpegPath, arguments, MediaWork.Finishing, cancellationToken);
            if (result.ExitCode != 0 || !Array.TrueForAll(partials, File.Exists))
            {
                throw new InvalidOperationException(
                    $"ffmpeg could not make {what} of '{videoPath}' (exit code {result.ExitCode}): {result.StandardErrorTail.Trim()}");
            }

            for (var i = 0; i < targets.Length; i++)
            {
                File.Move(partials[i], targets[i], overwrite: true);
            }
        }
        finally
        {
            foreach (var partial in partials)
            {
                File.Delete(partial);
            }
        }
    }

    /// <summary>
    /// Names the input with the <c>file:</c> protocol and allows no other, so neither a path that
    /// looks like a URL or an option nor a playlist inside a downloaded file makes ffmpeg go elsewhere.
    /// </summary>
    private static string[] InputArguments(string path)
        => ["-protocol_whitelist", "file", "-i", "file:" + Path.GetFullPath(path)];

    private static MediaInfo? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("streams", out var streams))
        {
            return null;
        }

        foreach (var stream in streams.EnumerateArray())
        {
            if (GetString(stream, "codec_type") != "video" || IsCoverArt(stream)
                || !stream.TryGetProperty("width", out var width) || !stream.TryGetProperty("height", out var height))
            {
                continue;
            }

            var duration = GetSeconds(stream)
                ?? (root.TryGetProperty("format", out var format) ? GetSeconds(format) : null)
                ?? 0;
            return new MediaInfo(
                GetString(stream, "codec_name") ?? "unknown",
                width.GetInt32(),
                height.GetInt32(),
                duration,
                GetString(stream, "pix_fmt"));
        }

        return null;
    }

    // An audio file's embedded cover picture shows up as a video stream; it is not a video.
    private static bool IsCoverArt(JsonElement stream)
        => stream.TryGetProperty("disposition", out var disposition)
           && disposition.TryGetProperty("attached_pic", out var attached)
           && attached.ValueKind == JsonValueKind.Number
           && attached.GetInt32() == 1;

    private static string? GetString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // ffprobe writes durations as strings ("2.000000").
    private static double? GetSeconds(JsonElement element)
        => double.TryParse(GetString(element, "duration"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
}
