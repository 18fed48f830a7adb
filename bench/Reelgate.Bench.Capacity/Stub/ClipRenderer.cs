using System.Diagnostics;
using System.Globalization;

namespace Reelgate.Bench.Capacity.Stub;

/// <summary>
/// Renders the stub's output once with ffmpeg's testsrc2: a real 1280x720 H.264 MP4 of the ordered
/// length, which the gateway downloads and checks with ffprobe. The frame rate sets what the
/// gateway's ingest (one probe, one decode for the previews) costs per job.
/// </summary>
internal static class ClipRenderer
{
    public static async Task<byte[]> RenderAsync(string directory, int seconds, int fps, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, $"clip-{seconds}s-{fps}fps.mp4");
        if (!File.Exists(path))
        {
            var start = new ProcessStartInfo("ffmpeg")
            {
                RedirectStandardError = true,
                ArgumentList =
                {
                    "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                    "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=s=1280x720:r={fps}"),
                    "-t", seconds.ToString(CultureInfo.InvariantCulture),
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", path,
                },
            };
            using var ffmpeg = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
            var errors = await ffmpeg.StandardError.ReadToEndAsync(cancellationToken);
            await ffmpeg.WaitForExitAsync(cancellationToken);
            if (ffmpeg.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg failed ({ffmpeg.ExitCode}): {errors}");
            }
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }
}
