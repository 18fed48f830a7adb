using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Reelgate.Core.Hosting;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Core.Dispatching;

/// <summary>
/// Copies a vendor's output into the blob store: download (size-capped) → ffprobe check against
/// what was ordered → thumbnail (unless the vendor gave one) → blob store. Vendor links expire, so
/// outputs are always re-hosted. Two short processes per output: with hundreds finishing together,
/// this is a node's main per-job cost.
/// </summary>
internal sealed class OutputIngestor(
    IBlobStore blobs,
    IMediaProbe probe,
    IOptions<ReelgateOptions> options,
    IOptions<DispatcherOptions> dispatcherOptions,
    TimeProvider time)
{
    private const int DownloadAttempts = 3;

    /// <summary>Duration may differ from the order by this much (vendors round to frames/GOPs).</summary>
    private const double DurationToleranceSeconds = 0.5;
    private const double DurationToleranceRatio = 0.1;

    /// <summary>Width and height may differ from the order by this share (some vendors pad to multiples of 16).</summary>
    private const double SizeToleranceRatio = 0.02;

    public async Task<IngestResult> IngestAsync(Job job, IVideoVendor vendor, VendorPollResult result, CancellationToken cancellationToken)
    {
        if (result.Video is null)
        {
            return IngestResult.Fail(new VendorFailure(JobFailureCodes.VendorBadOutput, "The vendor reported success but gave no video.", IsVendorFault: true));
        }

        var scratch = Path.Combine(options.Value.DataDirectory, "tmp", job.Id);
        Directory.CreateDirectory(scratch);
        try
        {
            var (videoPath, problem) = await MaterializeAsync(vendor, result.Video, Path.Combine(scratch, "video.mp4"), cancellationToken);
            if (videoPath is null)
            {
                return IngestResult.Fail(new VendorFailure(JobFailureCodes.VendorBadOutput, problem!, IsVendorFault: true));
            }

            var info = await probe.ProbeAsync(videoPath, cancellationToken);
            if (info is null)
            {
                return IngestResult.Fail(new VendorFailure(JobFailureCodes.VendorBadOutput, "The vendor's output is not a readable video.", IsVendorFault: true));
            }

            if (Mismatch(job.Spec, info) is { } mismatch)
            {
                return IngestResult.Fail(new VendorFailure(JobFailureCodes.VendorBadOutput, mismatch, IsVendorFault: true));
            }

            // The vendor's own thumbnail when it can be had, else one frame near the start (a short
            // decode). The spritesheet waits for its first reader (SpritesheetMaker): a whole decode.
            var given = result.Thumbnail is null
                ? null
                : (await MaterializeAsync(vendor, result.Thumbnail, Path.Combine(scratch, "thumbnail.jpg"), cancellationToken)).Path;
            var thumbnailPath = given ?? Path.Combine(scratch, "thumbnail.jpg");
            if (given is null)
            {
                await probe.MakeThumbnailAsync(videoPath, info.DurationSeconds, thumbnailPath, cancellationToken);
            }

            var length = new FileInfo(videoPath).Length;
            var sha256 = await HashAsync(videoPath, cancellationToken);
            var videoKey = ArtifactKeys.Video(job.ProjectId, job.Id);
            var thumbnailKey = ArtifactKeys.Thumbnail(job.ProjectId, job.Id);
            await blobs.PutFileAsync(videoKey, videoPath, "video/mp4", cancellationToken);
            await blobs.PutFileAsync(thumbnailKey, thumbnailPath, "image/jpeg", cancellationToken);
            if (result.Video.LocalPath is { } local)
            {
                // The adapter's work folder is empty now that its files moved into the blob store.
                TryDeleteEmptyDirectory(Path.GetDirectoryName(local));
            }

            return IngestResult.Ok(new JobArtifacts(videoKey, thumbnailKey, length, sha256, info.Width, info.Height, info.DurationSeconds));
        }
        finally
        {
            TryDeleteDirectory(scratch);
        }
    }

    private static string? Mismatch(JobSpec spec, MediaInfo info)
    {
        var (width, height) = spec.PixelSize;
        if (Math.Abs(info.Width - width) > width * SizeToleranceRatio || Math.Abs(info.Height - height) > height * SizeToleranceRatio)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The vendor's video is {info.Width}x{info.Height}; {width}x{height} was ordered.");
        }

        var tolerance = Math.Max(DurationToleranceSeconds, spec.DurationSeconds * DurationToleranceRatio);
        if (Math.Abs(info.DurationSeconds - spec.DurationSeconds) > tolerance)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The vendor's video lasts {info.DurationSeconds:0.##} s; {spec.DurationSeconds} s was ordered.");
        }

        return null;
    }

    /// <summary>
    /// Answers a local path holding the output, downloading it when it is remote (with retries: a
    /// paid job is not lost to one dropped connection), or why it could not be had.
    /// </summary>
    private async Task<(string? Path, string? Problem)> MaterializeAsync(IVideoVendor vendor, VendorOutput output, string target, CancellationToken cancellationToken)
    {
        if (output.LocalPath is { } local)
        {
            return (local, null);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DownloadAsync(vendor, output, target, cancellationToken)
                    ? (target, null)
                    : (null, "The vendor's output is larger than the configured limit.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= DownloadAttempts)
                {
                    return (null, $"The vendor's output could not be downloaded after {DownloadAttempts} attempts: {ex.Message}");
                }

                await Task.Delay(TimeSpan.FromSeconds(0.5 * (1 << attempt)), time, cancellationToken);
            }
        }
    }

    private async Task<bool> DownloadAsync(IVideoVendor vendor, VendorOutput output, string target, CancellationToken cancellationToken)
    {
        var limit = dispatcherOptions.Value.MaxOutputBytes;
        await using var source = await vendor.OpenOutputAsync(output, cancellationToken);
        await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return false;
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return true;
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static void TryDeleteEmptyDirectory(string? path)
    {
        try
        {
            if (path is not null && Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
        catch (IOException)
        {
            // Something arrived meanwhile; leave it.
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Scratch space only; the next run of this job starts from an empty directory again.
        }
    }
}

/// <summary>The stored artifacts, or why the output was refused.</summary>
internal sealed record IngestResult(JobArtifacts? Artifacts, VendorFailure? Failure)
{
    public static IngestResult Ok(JobArtifacts artifacts) => new(artifacts, null);

    public static IngestResult Fail(VendorFailure failure) => new(null, failure);
}
