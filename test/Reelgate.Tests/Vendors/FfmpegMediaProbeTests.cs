using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reelgate.Core.Ports;
using Reelgate.Vendors.Media;

namespace Reelgate.Tests.Vendors;

public sealed class FfmpegMediaProbeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reelgate-probe-tests-").FullName;
    private readonly List<MediaProcessPool> _pools = [];

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var pool in _pools)
        {
            pool.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ProbeAsync_text_file_returns_null()
    {
        var path = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(path, "hello, this is not a video\n", CancellationToken);
        var sut = CreateSut();

        var info = await sut.ProbeAsync(path, CancellationToken);

        Assert.Null(info);
    }

    [Fact]
    public async Task ProbeAsync_missing_file_returns_null()
    {
        var sut = CreateSut();

        var info = await sut.ProbeAsync(Path.Combine(_directory, "nothing.mp4"), CancellationToken);

        Assert.Null(info);
    }

    [Fact]
    public async Task ProbeAsync_without_ffprobe_throws_with_install_hint()
    {
        var sut = CreateSut(new MediaToolsOptions { FfprobePath = Path.Combine(_directory, "no-ffprobe") });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => sut.ProbeAsync(Path.Combine(_directory, "clip.mp4"), CancellationToken));

        Assert.Contains("apt-get install ffmpeg", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1920x1080", "2", 1280, 720, 1280, 720)]
    [InlineData("1080x1920", "1", 720, 1280, 1280, 2280)]
    [InlineData("1440x1440", "1", 1280, 1280, 1280, 1280)]
    public async Task MakePreviewsAsync_writes_a_fitted_thumbnail_and_a_5x5_grid_of_256_pixel_wide_tiles(
        string size, string seconds, int thumbnailWidth, int thumbnailHeight, int gridWidth, int gridHeight)
    {
        var video = await RenderClipAsync(size, seconds);
        var sut = CreateSut();
        var info = await sut.ProbeAsync(video, CancellationToken);
        var thumbnail = Path.Combine(_directory, "thumb.jpg");
        var spritesheet = Path.Combine(_directory, "sprites.jpg");

        await sut.MakePreviewsAsync(video, info!, spritesheet, thumbnail, CancellationToken);

        Assert.Equal((thumbnailWidth, thumbnailHeight), await JpegSizeAsync(sut, thumbnail));
        Assert.Equal((gridWidth, gridHeight), await JpegSizeAsync(sut, spritesheet));
        Assert.Equal(["clip.mp4", "sprites.jpg", "thumb.jpg"], FileNames());
    }

    [Fact]
    public async Task MakePreviewsAsync_without_a_thumbnail_path_writes_only_the_spritesheet()
    {
        var video = await RenderClipAsync("320x240", "2");
        var sut = CreateSut();
        var info = await sut.ProbeAsync(video, CancellationToken);
        var spritesheet = Path.Combine(_directory, "sprites.jpg");

        await sut.MakePreviewsAsync(video, info!, spritesheet, thumbnailPath: null, CancellationToken);

        Assert.Equal((1280, 960), await JpegSizeAsync(sut, spritesheet));
        Assert.Equal(["clip.mp4", "sprites.jpg"], FileNames());
    }

    // The old code ran one ffmpeg per image; a preview made in one pass must be byte for byte the
    // same: the thumbnail from min(1 s, half the clip) and a grid still flushed when the clip has
    // fewer frames than tiles.
    [Theory]
    [InlineData("1")]
    [InlineData("0.4")]
    public async Task MakePreviewsAsync_short_clip_writes_the_images_separate_ffmpeg_runs_write(string seconds)
    {
        var video = await RenderClipAsync("320x240", seconds);
        var sut = CreateSut();
        var info = await sut.ProbeAsync(video, CancellationToken);
        var thumbnail = Path.Combine(_directory, "thumb.jpg");
        var spritesheet = Path.Combine(_directory, "sprites.jpg");
        var at = Math.Min(1, info!.DurationSeconds / 2).ToString("0.###", CultureInfo.InvariantCulture);
        var rate = (25 / info.DurationSeconds).ToString("0.######", CultureInfo.InvariantCulture);
        var expectedThumbnail = await RunFfmpegAsync(
            "expected-thumb.jpg", "-ss", at, "-i", video, "-frames:v", "1", "-vf", "scale='min(iw,1280)':'min(ih,1280)':force_original_aspect_ratio=decrease", "-q:v", "3");
        var expectedSpritesheet = await RunFfmpegAsync(
            "expected-sprites.jpg", "-i", video, "-an", "-vf", $"fps={rate},scale=256:-2,tile=5x5", "-frames:v", "1", "-q:v", "4");

        await sut.MakePreviewsAsync(video, info, spritesheet, thumbnail, CancellationToken);

        Assert.Equal(expectedThumbnail, await File.ReadAllBytesAsync(thumbnail, CancellationToken));
        Assert.Equal(expectedSpritesheet, await File.ReadAllBytesAsync(spritesheet, CancellationToken));
        Assert.Equal((1280, 960), await JpegSizeAsync(sut, spritesheet));
    }

    [Fact]
    public async Task MakePreviewsAsync_text_file_throws_naming_the_file_and_leaves_no_partial_file()
    {
        var path = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(path, "hello, this is not a video\n", CancellationToken);
        var sut = CreateSut();
        var claimed = new MediaInfo("h264", 320, 240, 2, "yuv420p");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.MakePreviewsAsync(
            path, claimed, Path.Combine(_directory, "sprites.jpg"), Path.Combine(_directory, "thumb.jpg"), CancellationToken));

        Assert.StartsWith($"ffmpeg could not make a spritesheet and a thumbnail of '{path}' (exit code ", error.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], FileNames());
    }

    [Fact]
    public async Task MakeThumbnailAsync_writes_the_thumbnail_MakePreviewsAsync_writes()
    {
        var video = await RenderClipAsync("320x240", "1");
        var sut = CreateSut();
        var info = await sut.ProbeAsync(video, CancellationToken);
        var fromPreviews = Path.Combine(_directory, "previews-thumb.jpg");
        await sut.MakePreviewsAsync(video, info!, Path.Combine(_directory, "sprites.jpg"), fromPreviews, CancellationToken);
        var thumbnail = Path.Combine(_directory, "thumb.jpg");

        await sut.MakeThumbnailAsync(video, info!.DurationSeconds, thumbnail, CancellationToken);

        Assert.Equal(await File.ReadAllBytesAsync(fromPreviews, CancellationToken), await File.ReadAllBytesAsync(thumbnail, CancellationToken));
        Assert.Equal(["clip.mp4", "previews-thumb.jpg", "sprites.jpg", "thumb.jpg"], FileNames());
    }

    [Fact]
    public async Task MakeThumbnailAsync_text_file_throws_naming_the_file_and_leaves_no_partial_file()
    {
        var path = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(path, "hello, this is not a video\n", CancellationToken);
        var sut = CreateSut();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => sut.MakeThumbnailAsync(path, 2, Path.Combine(_directory, "thumb.jpg"), CancellationToken));

        Assert.StartsWith($"ffmpeg could not make a thumbnail of '{path}' (exit code ", error.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], FileNames());
    }

    // Both tools go through a wrapper that logs "start" and "end" around the real tool, so the log
    // shows how many ran at once. Each waits until `limit` have started: with a pool of 2 that proves
    // two do overlap; a pool letting more through would show more than `limit` running.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Probe_and_previews_called_together_run_at_most_MaxConcurrentProcesses_tools_at_once(int limit)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The tool wrappers are shell scripts.");
        var video = await RenderClipAsync("320x240", "1");
        var markers = Path.Combine(_directory, "markers.log");
        var sut = CreateSut(new MediaToolsOptions
        {
            FfmpegPath = WriteMarkingWrapper("ffmpeg", markers, limit),
            FfprobePath = WriteMarkingWrapper("ffprobe", markers, limit),
            MaxConcurrentProcesses = limit,
        });
        var info = new MediaInfo("h264", 320, 240, 1, "yuv420p");

        await Task.WhenAll(
            sut.ProbeAsync(video, CancellationToken),
            sut.ProbeAsync(video, CancellationToken),
            sut.ProbeAsync(video, CancellationToken),
            sut.MakePreviewsAsync(video, info, Path.Combine(_directory, "s1.jpg"), Path.Combine(_directory, "t1.jpg"), CancellationToken),
            sut.MakePreviewsAsync(video, info, Path.Combine(_directory, "s2.jpg"), null, CancellationToken),
            sut.MakeThumbnailAsync(video, info.DurationSeconds, Path.Combine(_directory, "t2.jpg"), CancellationToken));

        var lines = await File.ReadAllLinesAsync(markers, CancellationToken);
        Assert.Equal(6, lines.Count(line => line == "start"));
        Assert.Equal(6, lines.Count(line => line == "end"));
        Assert.Equal(limit, MostAtOnce(lines));
    }

    private static int MostAtOnce(IEnumerable<string> markers)
    {
        var running = 0;
        var most = 0;
        foreach (var marker in markers)
        {
            running += marker == "start" ? 1 : -1;
            most = Math.Max(most, running);
        }

        return most;
    }

    /// <summary>
    /// Writes a script that logs "start", waits (at most 30 s) until <paramref name="barrier"/> tools
    /// have started, runs the real tool, then logs "end". The short sleep gives a pool that lets
    /// too many through the chance to show it.
    /// </summary>
    private string WriteMarkingWrapper(string tool, string markers, int barrier)
    {
        var path = Path.Combine(_directory, "marking-" + tool);
        File.WriteAllText(path, $"""
            #!/bin/sh
            echo start >> '{markers}'
            tries=0
            while [ "$(grep -c start '{markers}')" -lt {barrier} ] && [ $tries -lt 600 ]; do
              sleep 0.05
              tries=$((tries + 1))
            done
            sleep 0.1
            {tool} "$@"
            code=$?
            echo end >> '{markers}'
            exit $code

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private async Task<string> RenderClipAsync(string size, string seconds)
    {
        var video = Path.Combine(_directory, "clip.mp4");
        var made = await ProcessRunner.RunAsync(
            "ffmpeg",
            ["-nostdin", "-v", "error", "-f", "lavfi", "-i", $"testsrc2=s={size}:r=24", "-t", seconds, "-preset", "ultrafast", "-pix_fmt", "yuv420p", video],
            null,
            CancellationToken);
        Assert.Equal(0, made.ExitCode);
        return video;
    }

    private async Task<byte[]> RunFfmpegAsync(string outputName, params string[] arguments)
    {
        var output = Path.Combine(_directory, outputName);
        var result = await ProcessRunner.RunAsync("ffmpeg", ["-nostdin", "-v", "error", .. arguments, "-update", "1", "-f", "image2", output], null, CancellationToken);
        Assert.Equal(0, result.ExitCode);
        var bytes = await File.ReadAllBytesAsync(output, CancellationToken);
        File.Delete(output);
        return bytes;
    }

    private static async Task<(int Width, int Height)> JpegSizeAsync(FfmpegMediaProbe probe, string path)
    {
        var bytes = await File.ReadAllBytesAsync(path, CancellationToken);
        Assert.True(bytes is [0xFF, 0xD8, ..], $"{Path.GetFileName(path)} is not a JPEG.");
        var info = await probe.ProbeAsync(path, CancellationToken);
        Assert.Equal("mjpeg", info?.Codec);
        return (info!.Width, info.Height);
    }

    private string[] FileNames() => [.. Directory.GetFiles(_directory).Select(path => Path.GetFileName(path)).Order()];

    private FfmpegMediaProbe CreateSut(MediaToolsOptions? options = null)
    {
        var tools = Options.Create(options ?? new MediaToolsOptions());
        var pool = new MediaProcessPool(tools);
        _pools.Add(pool);
        return new FfmpegMediaProbe(tools, pool, NullLogger<FfmpegMediaProbe>.Instance);
    }
}
