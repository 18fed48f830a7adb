using System.Globalization;
using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// Shows a stored job as OpenAI's <c>Video</c>, whichever surface created it. States map as
/// queued → <c>queued</c>, running → <c>in_progress</c>, succeeded → <c>completed</c>,
/// failed and canceled → <c>failed</c>, expired → <c>completed</c> with <c>expires_at</c> in the
/// past (OpenAI has no expired state: its videos stay completed and their assets lapse).
/// </summary>
internal static class OpenAiVideoViews
{
    public static OpenAiVideo Video(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new OpenAiVideo
        {
            Id = job.Id,
            CreatedAt = job.CreatedAt.ToUnixTimeSeconds(),
            CompletedAt = job.IsTerminal ? job.CompletedAt?.ToUnixTimeSeconds() : null,
            ExpiresAt = job.ExpiresAt?.ToUnixTimeSeconds(),
            Error = Error(job),
            Model = job.CurrentModel.Model,
            Progress = Progress(job),
            Prompt = job.Spec.Prompt,
            RemixedFromVideoId = null,
            Seconds = job.Spec.DurationSeconds.ToString(CultureInfo.InvariantCulture),
            Size = OpenAiRequestMapper.SizeOf(job.Spec),
            Status = Status(job.State),
        };
    }

    public static string Status(VideoJobState state) => state switch
    {
        VideoJobState.Queued => "queued",
        VideoJobState.Running => "in_progress",
        VideoJobState.Succeeded or VideoJobState.Expired => "completed",
        _ => "failed",
    };

    private static int Progress(Job job) => job.State switch
    {
        VideoJobState.Succeeded or VideoJobState.Expired => 100,
        VideoJobState.Queued => 0,
        _ => (int)Math.Clamp(Math.Floor(job.Progress * 100), 0, 100),
    };

    private static OpenAiVideoError? Error(Job job) => job.State switch
    {
        VideoJobState.Canceled => new OpenAiVideoError("canceled", job.ErrorMessage ?? "The video job was canceled before it finished."),

        // The gateway's codes are SCREAMING_SNAKE; OpenAI's are lower snake_case.
        VideoJobState.Failed => new OpenAiVideoError(
            (job.ErrorCode ?? "failed").ToLowerInvariant(),
            job.ErrorMessage ?? job.ErrorCode ?? "The video job failed."),
        _ => null,
    };
}
