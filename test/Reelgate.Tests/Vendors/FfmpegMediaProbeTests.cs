using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reelgate.Vendors.Media;

namespace Reelgate.Tests.Vendors;

public sealed class FfmpegMediaProbeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reelgate-probe-tests-").FullName;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

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

    [Fact]
    public async Task MakeThumbnailAsync_one_second_clip_writes_a_jpeg_from_its_middle()
    {
        var video = Path.Combine(_directory, "clip.mp4");
        var made = await ProcessRunner.RunAsync(
            "ffmpeg",
            ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=24", "-t", "1", "-pix_fmt", "yuv420p", video],
            null,
            CancellationToken);
        Assert.Equal(0, made.ExitCode);
        var thumbnail = Path.Combine(_directory, "thumb.jpg");
        var sut = CreateSut();

        await sut.MakeThumbnailAsync(video, thumbnail, CancellationToken);

        var bytes = await File.ReadAllBytesAsync(thumbnail, CancellationToken);
        Assert.True(bytes is [0xFF, 0xD8, ..], "The thumbnail is not a JPEG.");
        Assert.Equal(["clip.mp4", "thumb.jpg"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("320x240", "2", 1280, 960)]
    [InlineData("720x1280", "1", 1280, 2280)]
    [InlineData("320x240", "0.4", 1280, 960)]
    public async Task MakeSpritesheetAsync_writes_one_jpeg_grid_of_5x5_tiles_256_pixels_wide(string size, string seconds, int width, int height)
    {
        var video = Path.Combine(_directory, "clip.mp4");
        var made = await ProcessRunner.RunAsync(
            "ffmpeg",
            ["-nostdin", "-v", "error", "-f", "lavfi", "-i", $"testsrc2=s={size}:r=24", "-t", seconds, "-pix_fmt", "yuv420p", video],
            null,
            CancellationToken);
        Assert.Equal(0, made.ExitCode);
        var spritesheet = Path.Combine(_directory, "sprites.jpg");
        var sut = CreateSut();

        await sut.MakeSpritesheetAsync(video, spritesheet, CancellationToken);

        var bytes = await File.ReadAllBytesAsync(spritesheet, CancellationToken);
        Assert.True(bytes is [0xFF, 0xD8, ..], "The spritesheet is not a JPEG.");
        var grid = await sut.ProbeAsync(spritesheet, CancellationToken);
        Assert.Equal(("mjpeg", width, height), (grid?.Codec, grid?.Width, grid?.Height));
        Assert.Equal(["clip.mp4", "sprites.jpg"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
    }

    private static FfmpegMediaProbe CreateSut(MediaToolsOptions? options = null)
        => new(Options.Create(options ?? new MediaToolsOptions()), NullLogger<FfmpegMediaProbe>.Instance);
}
