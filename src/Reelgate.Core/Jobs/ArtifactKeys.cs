namespace Reelgate.Core.Jobs;

/// <summary>Blob keys of a job's files; derived from the ids so they can be removed even if a write was lost.</summary>
public static class ArtifactKeys
{
    public static string Video(string projectId, string jobId) => $"{projectId}/{jobId}/video.mp4";

    public static string Thumbnail(string projectId, string jobId) => $"{projectId}/{jobId}/thumbnail.jpg";

    /// <summary>A JPEG grid of frames across the video (the OpenAI-compatible <c>spritesheet</c> variant).</summary>
    public static string Spritesheet(string projectId, string jobId) => $"{projectId}/{jobId}/spritesheet.jpg";

    public static IEnumerable<string> For(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        yield return Video(job.ProjectId, job.Id);
        yield return Thumbnail(job.ProjectId, job.Id);
        yield return Spritesheet(job.ProjectId, job.Id);
    }
}
