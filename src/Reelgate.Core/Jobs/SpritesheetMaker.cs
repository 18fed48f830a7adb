using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Reelgate.Core.Hosting;
using Reelgate.Core.Ports;

namespace Reelgate.Core.Jobs;

/// <summary>
/// Makes a succeeded job's spritesheet when it is first asked for. Its only reader is the
/// OpenAI-compatible <c>spritesheet</c> variant, and making one decodes the whole video, so ingest
/// (the per-job cost every output pays) leaves it out. Concurrent requests for one job share one making.
/// </summary>
public sealed class SpritesheetMaker(IBlobStore blobs, IMediaProbe probe, IOptions<ReelgateOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _making = new(StringComparer.Ordinal);

    /// <summary>Makes sure the spritesheet is stored; false when the job's video is gone (deleted or expired meanwhile).</summary>
    public async Task<bool> EnsureAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Artifacts is null)
        {
            return false;
        }

        if (await blobs.StatAsync(ArtifactKeys.Spritesheet(job.ProjectId, job.Id), cancellationToken) is not null)
        {
            return true;
        }

        var making = _making.GetOrAdd(job.Id, _ => new Lazy<Task<bool>>(() => MakeAsync(job, job.Artifacts)));
        try
        {
            return await making.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (making.Value.IsCompleted)
            {
                _making.TryRemove(new KeyValuePair<string, Lazy<Task<bool>>>(job.Id, making));
            }
        }
    }

    // Not bound to the asking request: a request that gives up leaves the spritesheet to the next one.
    private async Task<bool> MakeAsync(Job job, JobArtifacts artifacts)
    {
        var scratch = Path.Combine(options.Value.DataDirectory, "tmp", $"{job.Id}-spritesheet-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var videoPath = Path.Combine(scratch, "video.mp4");
            await using (var video = await blobs.OpenReadAsync(artifacts.VideoKey, 0, CancellationToken.None))
            {
                if (video is null)
                {
                    return false;
                }

                await using var file = new FileStream(videoPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await video.CopyToAsync(file, CancellationToken.None);
            }

            // The stored video was checked at ingest; what ffprobe said then is what it is.
            var info = new MediaInfo("stored", artifacts.Width, artifacts.Height, artifacts.DurationSeconds, null);
            var spritesheetPath = Path.Combine(scratch, "spritesheet.jpg");
            await probe.MakePreviewsAsync(videoPath, info, spritesheetPath, thumbnailPath: null, CancellationToken.None);
            await blobs.PutFileAsync(ArtifactKeys.Spritesheet(job.ProjectId, job.Id), spritesheetPath, "image/jpeg", CancellationToken.None);
            return true;
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // Scratch space only.
            }
        }
    }
}
