using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Reelgate.FunctionalTests.Vendors.Luma;

/// <summary>
/// Real media for <see cref="LumaStub"/> to serve, made with ffmpeg once per test class and size:
/// an H.264 clip of the ordered size and length (so the gateway's ffprobe check passes) and a JPEG
/// still for <c>assets.image</c>.
/// </summary>
public sealed class LumaStubMedia : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reelgate-luma-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _files = new(StringComparer.Ordinal);

    public LumaStubMedia() => Directory.CreateDirectory(_directory);

    public Task<string> VideoAsync(int width, int height, int seconds)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}-{seconds}s.mp4");
        return MakeAsync(name, ["-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=24", "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);
    }

    public Task<string> ThumbnailAsync() => MakeAsync("thumb.jpg", ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=1", "-frames:v", "1"]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A stub may still be streaming a file; the OS temp cleaner gets it.
        }
    }

    private Task<string> MakeAsync(string name, string[] args)
        => _files.GetOrAdd(name, n => new Lazy<Task<string>>(() => RunFfmpegAsync(Path.Combine(_directory, n), args))).Value;

    private static async Task<string> RunFfmpegAsync(string target, string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-hide_banner", "-loglevel", "error", "-y" }.Concat(args).Append(target))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed making {target}: {await errors}");
        }

        return target;
    }
}
