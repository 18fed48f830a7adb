using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Contracts.Video;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Hosting;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.Core.Webhooks;

namespace Reelgate.Core.Jobs;

/// <summary>
/// The job use cases behind the HTTP API. None of them calls a vendor: they validate, route,
/// persist and return; the dispatcher does the slow work.
/// </summary>
public sealed partial class JobService(
    IJobStore store,
    ISettlementStore settlement,
    IdempotentWrites idempotent,
    IBlobStore blobs,
    Router router,
    JobIdGenerator ids,
    IOutboundUrlPolicy urlPolicy,
    IWebhookStore webhooks,
    ActiveJobs activeJobs,
    DispatchSignal dispatchSignal,
    IOptions<ReelgateOptions> options,
    ReelgateMetrics metrics,
    TimeProvider time,
    ILogger<JobService> log)
{
    public async Task<Result<SubmittedJob>> SubmitAsync(string projectId, JobSpec spec, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var plan = router.Plan(spec);
        if (plan.Error is { } routeError)
        {
            return routeError;
        }

        // Checked after routing, so an unsupported request is answered without touching DNS.
        foreach (var (field, url) in new[] { ("reference_image_url", spec.ReferenceImageUrl), ("callback_url", spec.CallbackUrl) })
        {
            if (url is not null && await urlPolicy.CheckAsync(new Uri(url), cancellationToken) is { } refused)
            {
                return Error.Invalid($"'{field}' is not allowed: {refused}.");
            }
        }

        if (spec.CallbackUrl is not null)
        {
            // The callback is signed with the project's secret; make sure there is one to sign with.
            await webhooks.EnsureSecretAsync(projectId, cancellationToken);
        }

        var now = time.GetUtcNow();
        var job = new Job
        {
            Id = ids.Next(),
            ProjectId = projectId,
            State = VideoJobState.Queued,
            Spec = spec,
            Plan = plan.Value!.Models,
            HoldMicros = plan.Value.WorstCaseQuoteMicros,
            RetentionDays = options.Value.DefaultRetentionDays,
            CreatedAt = now,
            UpdatedAt = now,
        };

        var claim = idempotencyKey is null ? null : new IdempotencyClaim(idempotencyKey, RequestFingerprint.Of(spec));
        var created = await store.CreateJobAsync(job, claim, cancellationToken);
        switch (created.Outcome)
        {
            case CreateJobOutcome.InsufficientCredit:
                metrics.JobRefusedForCredit();
                var balance = created.Balance!;
                return new Error(
                    ErrorCode.InsufficientCredit,
                    string.Create(CultureInfo.InvariantCulture, $"This job is quoted at ${Money.ToUsd(job.HoldMicros)} (the most any model it may fall back to costs) and ${Money.ToUsd(Math.Max(0, balance.AvailableMicros))} is available. Top up with POST /v1/account/topup."));
            case CreateJobOutcome.KeyReused:
                return new Error(ErrorCode.IdempotencyKeyReused, "This idempotency key was already used with a different request; use a new key for a new request.");
            case CreateJobOutcome.Replayed:
                return new SubmittedJob(created.Job!, Replayed: true);
            default:
                Log.JobAccepted(log, job.Id, projectId, job.CurrentModel.ToString());
                metrics.JobAccepted(job.CurrentModel);
                dispatchSignal.Notify();
                return new SubmittedJob(created.Job!, Replayed: false);
        }
    }

    public async Task<Result<Job>> GetAsync(string projectId, string jobId, CancellationToken cancellationToken)
        => await FindAsync(projectId, jobId, cancellationToken) is { } job ? job : Error.NotFound(jobId);

    public Task<IReadOnlyList<Job>> ListAsync(string projectId, string? beforeId, int limit, CancellationToken cancellationToken)
        => store.ListJobsAsync(projectId, beforeId, limit, cancellationToken);

    /// <summary>Answers true when the job was stopped, false when it had already ended.</summary>
    public async Task<Result<bool>> CancelAsync(string projectId, string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsWellFormed(jobId))
        {
            return Error.NotFound(jobId);
        }

        var result = await store.CancelJobAsync(projectId, jobId, time.GetUtcNow(), cancellationToken);
        switch (result.Outcome)
        {
            case CancelJobOutcome.NotFound:
                return Error.NotFound(jobId);
            case CancelJobOutcome.AlreadyTerminal:
                return false;
            default:
                activeJobs.RequestStop(jobId);
                metrics.JobCanceled();
                return true;
        }
    }

    /// <summary>Deletes the job and its files; deleting a deleted job succeeds again. A repeated key answers the first answer.</summary>
    public async Task<Result<Replayable<bool>>> DeleteAsync(string projectId, string jobId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var answered = await idempotent.RunAsync(
            projectId,
            "delete",
            idempotencyKey,
            RequestFingerprint.Of("delete", jobId),
            StoredAnswerJsonContext.Default.StoredOk,
            async () => await DeleteAsync(projectId, jobId, cancellationToken) is { Error: { } error } ? error : new StoredOk(true),
            cancellationToken);
        return answered.Error is { } failed ? failed : new Replayable<bool>(answered.Value.Value.Ok, answered.Value.Replayed);
    }

    /// <summary>Deletes the job and its files; deleting a deleted job succeeds again.</summary>
    public async Task<Result<bool>> DeleteAsync(string projectId, string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsWellFormed(jobId))
        {
            return Error.NotFound(jobId);
        }

        var result = await store.DeleteJobAsync(projectId, jobId, time.GetUtcNow(), cancellationToken);
        if (result.Outcome == DeleteJobOutcome.NotFound)
        {
            return Error.NotFound(jobId);
        }

        if (result.Job is { } deleted)
        {
            await RemoveArtifactsAsync(deleted, cancellationToken);
        }

        return true;
    }

    public async Task<int> DeleteAllAsync(string projectId, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAllJobsAsync(projectId, time.GetUtcNow(), cancellationToken);
        foreach (var job in deleted)
        {
            await RemoveArtifactsAsync(job, cancellationToken);
        }

        return deleted.Count;
    }

    /// <summary>Sets the job's retention window (counted from completion, or from now while it runs); a repeated key answers the first answer.</summary>
    public Task<Result<Replayable<RetentionSet>>> SetRetentionAsync(string projectId, string jobId, int days, string? idempotencyKey, CancellationToken cancellationToken)
        => idempotent.RunAsync(
            projectId,
            "set_retention",
            idempotencyKey,
            RequestFingerprint.Of("set_retention", jobId, days.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            StoredAnswerJsonContext.Default.RetentionSet,
            async () =>
            {
                var job = JobId.IsWellFormed(jobId) ? await store.SetRetentionAsync(projectId, jobId, days, time.GetUtcNow(), cancellationToken) : null;
                return job is null ? Error.NotFound(jobId) : new RetentionSet(job.Id, job.RetentionDays, job.ExpiresAt!.Value);
            },
            cancellationToken);

    /// <summary>Every vendor attempt of a job of the project, first to last (the <c>get</c> view).</summary>
    public async Task<Result<IReadOnlyList<JobAttempt>>> ListAttemptsAsync(string projectId, string jobId, CancellationToken cancellationToken)
    {
        var found = await GetAsync(projectId, jobId, cancellationToken);
        return found.Error is { } error ? error : Result<IReadOnlyList<JobAttempt>>.Of(await store.ListAttemptsAsync(jobId, cancellationToken));
    }

    /// <summary>
    /// Resolves a job whose vendor outcome was unknown (it failed keeping its hold): when the vendor
    /// did charge, capture the price of the model that was asked; otherwise release the hold.
    /// </summary>
    public async Task<Result<long>> SettleUnknownOutcomeAsync(string jobId, bool vendorCharged, CancellationToken cancellationToken)
    {
        var job = JobId.IsWellFormed(jobId) ? await settlement.FindHeldFailedJobAsync(jobId, cancellationToken) : null;
        if (job is null)
        {
            return new Error(ErrorCode.NotFound, $"No failed job '{jobId}' holds credit (it may be settled already).");
        }

        var capture = vendorCharged
            ? router.QuoteMicros(job.CurrentModel, job.Spec) ?? job.HoldMicros
            : 0;
        return await settlement.SettleHeldJobAsync(jobId, capture, time.GetUtcNow(), cancellationToken)
            ? Math.Min(capture, job.HoldMicros)
            : new Error(ErrorCode.NotFound, $"Job '{jobId}' was settled meanwhile.");
    }

    public Task<IReadOnlyList<Job>> ListUnknownOutcomesAsync(int max, CancellationToken cancellationToken) => settlement.ListHeldFailedJobsAsync(max, cancellationToken);

    private async Task<Job?> FindAsync(string projectId, string jobId, CancellationToken cancellationToken)
        => JobId.IsWellFormed(jobId) ? await store.GetJobAsync(projectId, jobId, cancellationToken) : null;

    private async Task RemoveArtifactsAsync(Job job, CancellationToken cancellationToken)
    {
        // The row is already marked deleted (written first), so a failure here leaves only
        // unreferenced bytes, never a job pointing at missing files.
        activeJobs.RequestStop(job.Id);
        foreach (var key in ArtifactKeys.For(job))
        {
            try
            {
                await blobs.DeleteAsync(key, cancellationToken);
            }
            catch (IOException ex)
            {
                // The delete is done for the user; bytes left behind (the blob store was unreachable) are unreferenced.
                Log.ArtifactDeleteFailed(log, ex, job.Id, key);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Diagnostics.EventIds.JobAccepted, LogLevel.Information, "Accepted job {JobId} of project {ProjectId}, routed to {Model}")]
        public static partial void JobAccepted(ILogger logger, string jobId, string projectId, string model);

        [LoggerMessage(Diagnostics.EventIds.JobArtifactDeleteFailed, LogLevel.Warning, "Job {JobId} is deleted but its blob {Key} could not be removed; it is left unreferenced")]
        public static partial void ArtifactDeleteFailed(ILogger logger, Exception exception, string jobId, string key);
    }
}

/// <summary>A job answered by <c>generate</c>, and whether it came from an earlier request with the same key.</summary>
public sealed record SubmittedJob(Job Job, bool Replayed);
