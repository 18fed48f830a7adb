using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Server.Files;

namespace Reelgate.Server.Endpoints;

/// <summary>Maps stored jobs to the wire views, signing file URLs fresh for this request.</summary>
internal sealed class JobViews(FileLinks links)
{
    public ValueTask<VideoJob> ShortAsync(Job job, HttpRequest request, CancellationToken cancellationToken)
        => ShortAsync(job, links.BaseUrlOf(request), cancellationToken);

    public ValueTask<VideoJobDetails> DetailsAsync(Job job, HttpRequest request, CancellationToken cancellationToken)
        => DetailsAsync(job, links.BaseUrlOf(request), cancellationToken);

    /// <summary>The full view with the attempt history (one more read, so only <c>get</c> pays for it).</summary>
    public async ValueTask<VideoJobDetails> DetailsAsync(Job job, HttpRequest request, IReadOnlyList<JobAttempt> attempts, CancellationToken cancellationToken)
        => await DetailsAsync(job, request, cancellationToken) with
        {
            AttemptDetails = [.. attempts.Select(a => new VideoJobAttempt
            {
                Attempt = a.Number,
                Vendor = a.Vendor,
                Model = a.Model,
                VendorJobId = a.VendorJobId,
                StartedAt = a.StartedAt,
                EndedAt = a.EndedAt,
                Outcome = a.Outcome,
                Message = a.Message,
            })],
        };

    public async ValueTask<VideoJob> ShortAsync(Job job, string baseUrl, CancellationToken cancellationToken)
    {
        var (video, thumbnail) = await UrlsAsync(job, baseUrl, cancellationToken);
        return new VideoJob
        {
            JobId = job.Id,
            State = job.State,
            VideoUrl = video,
            ThumbnailUrl = thumbnail,
            Progress = job.State == VideoJobState.Running ? job.Progress : null,
            QueuePosition = job.State is VideoJobState.Queued or VideoJobState.Running ? job.QueuePosition : null,
            Error = ErrorOf(job),
        };
    }

    public async ValueTask<VideoJobDetails> DetailsAsync(Job job, string baseUrl, CancellationToken cancellationToken)
    {
        var (video, thumbnail) = await UrlsAsync(job, baseUrl, cancellationToken);
        return new VideoJobDetails
        {
            JobId = job.Id,
            State = job.State,
            VideoUrl = video,
            ThumbnailUrl = thumbnail,
            Error = ErrorOf(job),
            Prompt = job.Spec.Prompt,
            ReferenceImageUrl = job.Spec.ReferenceImageUrl,
            DurationSeconds = job.Spec.DurationSeconds,
            Resolution = job.Spec.Resolution.Name(),
            Aspect = job.Spec.Aspect.Name(),
            Prefer = job.Spec.Prefer.Name(),
            Vendor = job.CurrentModel.Vendor,
            Model = job.CurrentModel.Model,
            Progress = job.Progress,
            Attempts = job.Attempts,
            QueuePosition = job.State is VideoJobState.Queued or VideoJobState.Running ? job.QueuePosition : null,
            CreatedAt = job.CreatedAt,
            UpdatedAt = job.UpdatedAt,
            CompletedAt = job.CompletedAt,
            RetentionDays = job.RetentionDays,
            ExpiresAt = job.ExpiresAt,
            CostUsd = Money.ToUsd(job.CostMicros),
            Metadata = job.Spec.Metadata is null ? null : new Dictionary<string, string>(job.Spec.Metadata),
        };
    }

    private async ValueTask<(string? Video, string? Thumbnail)> UrlsAsync(Job job, string baseUrl, CancellationToken cancellationToken)
    {
        if (job.State != VideoJobState.Succeeded)
        {
            return (null, null);
        }

        var lifetime = links.DefaultLifetime;
        return ((await links.IssueAsync(baseUrl, job, FileLinks.Video, lifetime, download: false, cancellationToken)).Url,
                (await links.IssueAsync(baseUrl, job, FileLinks.Thumbnail, lifetime, download: false, cancellationToken)).Url);
    }

    private static VideoJobError? ErrorOf(Job job)
        => job.ErrorCode is null ? null : new VideoJobError(job.ErrorCode, job.ErrorMessage ?? job.ErrorCode);
}
