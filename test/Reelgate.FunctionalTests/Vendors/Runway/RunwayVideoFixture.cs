using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Reelgate.FunctionalTests.Vendors.Runway;

/// <summary>
/// Real MP4s for the stub to serve as Runway's outputs, made with ffmpeg once per size and
/// duration for the test class, so the gateway's ffprobe check sees what it ordered.
/// </summary>
public sealed class RunwayVideoFixture : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reelgate-runway-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ConcurrentDictionary<(int Width, int Height, int Seconds), Lazy<Task<string>>> _videos = new();

    public RunwayVideoFixture() => Directory.CreateDirectory(_directory);

    public Task<string> GetAsync(int width, int height, int seconds)
        => _videos.GetOrAdd((width, height, seconds), key => new Lazy<Task<string>>(() => RenderAsync(key.Width, key.Height, key.Seconds))).Value;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A download may still hold a file; the OS temp cleaner gets it.
        }
    }

    private async Task<string> RenderAsync(int width, int height, int seconds)
    {
        var path = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{width}x{height}-{seconds}s.mp4"));
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "-nostdin", "-y", "-v", "error",
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={width}x{height}:rate=24"),
            "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, "ffmpeg failed: " + await stderr);
        return path;
    }
}
