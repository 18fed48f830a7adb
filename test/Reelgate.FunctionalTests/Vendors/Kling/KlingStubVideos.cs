using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Vendors.Kling;

/// <summary>
/// Real MP4s for the stub to serve, made with ffmpeg once per size and duration and shared by a test
/// class (a class fixture), so the gateway's ffprobe check sees what it ordered.
/// </summary>
public class KlingStubVideos : IDisposable
{
    public KlingStubVideos()
        : this(framesPerSecond: 24)
    {
    }

    /// <summary>Videos of another frame rate: a low one makes checking thousands of outputs cheap.</summary>
    protected KlingStubVideos(int framesPerSecond)
    {
        FramesPerSecond = framesPerSecond;
    }

    public int FramesPerSecond { get; }

    private readonly TempDirectory _directory = new();
    private readonly ConcurrentDictionary<(int Width, int Height, int Seconds), Lazy<Task<string>>> _videos = new();

    public Task<string> GetAsync(int width, int height, int seconds)
        => _videos.GetOrAdd((width, height, seconds), key => new Lazy<Task<string>>(() => RenderAsync(key.Width, key.Height, key.Seconds))).Value;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<string> RenderAsync(int width, int height, int seconds)
    {
        var path = Path.Combine(_directory.Path, string.Create(CultureInfo.InvariantCulture, $"{width}x{height}-{seconds}s.mp4"));
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={width}x{height}:rate={FramesPerSecond}"),
            "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed to make the stub's video: {await errors}");
        }

        return path;
    }
}
