using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Tests.Storage;

/// <summary>Hand-built queued jobs for store tests.</summary>
internal static class TestJobs
{
    public static Job Queued(TimeProvider time, string projectId = "proj_a", string prompt = "a lighthouse at dusk", int retentionDays = 30)
    {
        var now = time.GetUtcNow();
        return new Job
        {
            Id = JobId.New(time),
            ProjectId = projectId,
            State = VideoJobState.Queued,
            Spec = new JobSpec
            {
                Prompt = prompt,
                DurationSeconds = 5,
                Aspect = Aspect.Landscape,
                Resolution = Resolution.P720,
                Prefer = Prefer.Balanced,
            },
            Plan = [new ModelRef("local", "procedural-v1"), new ModelRef("beta", "b1")],
            RetentionDays = retentionDays,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public static JobArtifacts Artifacts(Job job) => new(
        ArtifactKeys.Video(job.ProjectId, job.Id),
        ArtifactKeys.Thumbnail(job.ProjectId, job.Id),
        VideoBytes: 12_345,
        VideoSha256: new string('a', 64),
        Width: 1280,
        Height: 720,
        DurationSeconds: 5.0);
}
