using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Media;

/// <summary>Reads media files with ffprobe and cuts thumbnails and spritesheets with ffmpeg.</summary>
internal sealed partial class FfmpegMediaProbe(IOptions<MediaToolsOptions> options, ILogger<FfmpegMediaProbe> log) : IMediaProbe
{
    private const double ThumbnailAtSeconds = 1.0;

    // Thumbnails are previews, so a 4k frame is scaled to fit this box.
    private const int ThumbnailMaxSide = 1280;

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
        var result = await ProcessRunner.RunAsync(_options.FfprobePath, arguments, null, cancellationToken);
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

    public async Task MakeThumbnailAsync(string videoPath, string thumbnailPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(videoPath);
        ArgumentException.ThrowIfNullOrEmpty(thumbnailPath);
        var info = await ProbeAsync(videoPath, cancellationToken)
            ?? throw new InvalidOperationException($"'{videoPath}' holds no video stream to take a thumbnail from.");

        var at = Math.Min(ThumbnailAtSeconds, info.DurationSeconds / 2);
        await WriteStillAsync(
            "a thumbnail",
            videoPath,
            thumbnailPath,
            ["-ss", at.ToString("0.###", CultureInfo.InvariantCulture)],
            ["-frames:v", "1", "-vf", $"scale='min(iw,{ThumbnailMaxSide})':'min(ih,{ThumbnailMaxSide})':force_original_aspect_ratio=decrease", "-q:v", "3"],
            cancellationToken);
    }

    public async Task MakeSpritesheetAsync(string videoPath, string spritesheetPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(videoPath);
        ArgumentException.ThrowIfNullOrEmpty(spritesheetPath);
        var info = await ProbeAsync(videoPath, cancellationToken)
            ?? throw new InvalidOperationException($"'{videoPath}' holds no video stream to make a spritesheet from.");

        // Columns x Rows frames at even intervals over the whole duration; 'tile' flushes a partly
        // filled grid at the end of the stream, so a clip with fewer frames still gives one image.
        const int frames = SpritesheetColumns * SpritesheetRows;
        var rate = frames / Math.Max(info.DurationSeconds, 0.1);
        await WriteStillAsync(
            "a spritesheet",
            videoPath,
            spritesheetPath,
            [],
            ["-an", "-vf", string.Create(CultureInfo.InvariantCulture, $"fps={rate:0.######},scale={SpritesheetTileWidth}:-2,tile={SpritesheetColumns}x{SpritesheetRows}"), "-frames:v", "1", "-q:v", "4"],
            cancellationToken);
    }

    /// <summary>
    /// Runs ffmpeg to write one JPEG from the video. It is written beside the target and renamed,
    /// so a half-written image is never seen.
    /// </summary>
    private async Task WriteStillAsync(string what, string videoPath, string targetPath, string[] beforeInput, string[] output, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(targetPath);
        var partialPath = Path.Combine(Path.GetDirectoryName(fullPath)!, Path.GetFileNameWithoutExtension(fullPath) + ".partial.jpg");
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            .. beforeInput,
            .. InputArguments(videoPath),
            .. output,
            "-update", "1",
            "-f", "image2",
            "file:" + partialPath,
        ];
        try
        {
            var result = await ProcessRunner.RunAsync(_options.FfmpegPath, arguments, null, cancellationToken);
            if (result.ExitCode != 0 || !File.Exists(partialPath))
            {
                throw new InvalidOperationException(
                    $"ffmpeg could not make {what} of '{videoPath}' (exit code {result.ExitCode}): {result.StandardErrorTail.Trim()}");
            }

            File.Move(partialPath, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(partialPath);
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
