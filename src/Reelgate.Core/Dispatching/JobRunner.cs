using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;

namespace Reelgate.Core.Dispatching;

/// <summary>
/// Runs one claimed job to its end: submit (or resume) → poll → ingest → complete, falling through
/// the route plan on vendor faults (DESIGN §3). Each step is recorded in the store before the next
/// is taken, so whichever process picks the job up after a crash continues from the record.
/// </summary>
internal sealed partial class JobRunner(
    IDispatchStore store,
    IJobStore jobs,
    IBlobStore blobs,
    VendorRegistry vendors,
    OutputIngestor ingestor,
    ActiveJobs activeJobs,
    VendorPacing pacing,
    DispatchSignal signal,
    IOptions<DispatcherOptions> options,
    ReelgateMetrics metrics,
    TimeProvider time,
    ILogger<JobRunner> log)
{
    private const double ProgressStep = 0.02;

    /// <summary>Progress is written at most this often per job: live views stay smooth, and 10 000 jobs do not become 10 000 writes a second.</summary>
    private static readonly TimeSpan ProgressWriteInterval = TimeSpan.FromSeconds(1);
    private const int MaxRateLimitedSubmits = 3;
    private static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromSeconds(30);

    public async Task RunAsync(Job job, string owner, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var span = ReelgateTracing.StartJobRun(job);
        var cts = activeJobs.Start(job.Id, job.CurrentModel.Vendor, stopping);
        var attempt = new Attempt();
        try
        {
            await RunPlanAsync(job, owner, attempt, span, cts.Token);
        }
        catch (Exception ex) when (ex is JobNotOwnedException || (ex is OperationCanceledException && cts.IsCancellationRequested))
        {
            if (stopping.IsCancellationRequested)
            {
                // Shutdown: the dispatcher hands every job of this node back in one statement; the
                // vendor keeps working and the next claim resumes from the recorded vendor job id.
                Log.JobReleased(log, job.Id);
                ReelgateTracing.Ended(span, "released");
            }
            else if (await WasStoppedByCallerAsync(job.Id))
            {
                await TryCancelAtVendorAsync(attempt);
                Log.JobCanceled(log, job.Id);
                ReelgateTracing.Ended(span, "canceled");
            }
            else
            {
                // Handed to another node (this one missed its heartbeats): it resumes the vendor job.
                Log.LeaseLost(log, job.Id);
                ReelgateTracing.Ended(span, "handed_over");
            }
        }
        catch (Exception ex)
        {
            Log.JobCrashed(log, ex, job.Id);
            ReelgateTracing.Failed(span, JobFailureCodes.Internal);
            metrics.JobFailed(job, null, JobFailureCodes.Internal, time.GetUtcNow());
            await TryCancelAtVendorAsync(attempt);
            // With a vendor job in flight the vendor may still charge: keep the hold for reconciliation.
            await store.CompleteFailedAsync(job.Id, owner, JobFailureCodes.Internal, "The gateway failed while running this job.", keepHold: attempt.VendorJobId is not null, time.GetUtcNow(), CancellationToken.None);
        }
        finally
        {
            activeJobs.Finish(job.Id, cts);
        }
    }

    private async Task RunPlanAsync(Job job, string owner, Attempt attempt, Activity? run, CancellationToken cancellationToken)
    {
        VendorFailure? lastFailure = null;
        ModelRef? lastModel = null;
        var previous = await LatestAttemptAsync(job, cancellationToken);

        // A previous owner recorded the intent to submit (an open attempt without a vendor job id) and
        // died before the vendor's answer was recorded: the vendor may have the job.
        var interrupted = job.VendorJobId is null && previous is { EndedAt: null, VendorJobId: null };
        var claimedVendor = job.CurrentModel.Vendor;
        for (var index = job.PlanIndex; index < job.Plan.Count; index++)
        {
            var model = job.Plan[index];
            if (index > job.PlanIndex && !string.Equals(model.Vendor, claimedVendor, StringComparison.OrdinalIgnoreCase))
            {
                // The claim found room on the vendor it was for; another vendor's room is counted in the
                // store, so the job goes back for a claim that has room there (it stays running).
                await RecordOrStopAsync(store.MoveToModelAsync(job.Id, owner, index, time.GetUtcNow(), cancellationToken));
                Log.JobMoved(log, job.Id, model.ToString());
                ReelgateTracing.Ended(run, "moved");
                return;
            }

            lastModel = model;
            var vendor = vendors.Find(model.Vendor);
            if (vendor is null)
            {
                lastFailure = new VendorFailure(JobFailureCodes.VendorDisabled, $"Vendor '{model.Vendor}' is not enabled on this gateway.", IsVendorFault: true);
                continue;
            }

            attempt.Vendor = vendor;
            var request = new VendorJobRequest(job.Id, model.Model, job.Spec);
            var resuming = index == job.PlanIndex && job.VendorJobId is not null;
            using var attemptSpan = ReelgateTracing.StartVendorAttempt(model, resuming ? job.VendorJobId : null);
            attempt.VendorJobId = resuming ? job.VendorJobId : null;
            if (!resuming)
            {
                (string? VendorJobId, VendorFailure? Failure) submitted;
                if (interrupted && index == job.PlanIndex)
                {
                    // The previous owner recorded this intent and died before recording the vendor's answer.
                    submitted = await RecoverInterruptedSubmitAsync(job, vendor, request, cancellationToken);
                }
                else
                {
                    // Intent first: a crash between this line and the vendor's answer shows which model was being asked.
                    await RecordOrStopAsync(store.RecordAttemptAsync(job.Id, owner, index, null, time.GetUtcNow(), cancellationToken));
                    submitted = await SubmitAsync(job, vendor, request, cancellationToken);
                }

                if (submitted.Failure is { } refused)
                {
                    lastFailure = refused;
                    ReelgateTracing.Failed(attemptSpan, refused.Code);
                    await store.RecordAttemptEndAsync(job.Id, refused.Code, refused.Message, time.GetUtcNow(), CancellationToken.None);
                    metrics.VendorAttemptEnded(model, refused.Code);
                    if (refused.Code == JobFailureCodes.OutcomeUnknown)
                    {
                        // The vendor may be running (and charging for) this job: never resubmit, keep the hold.
                        await store.CompleteFailedAsync(job.Id, owner, refused.Code, refused.Message, keepHold: true, time.GetUtcNow(), cancellationToken);
                        Log.JobFailed(log, job.Id, refused.Code);
                        metrics.JobFailed(job, model, refused.Code, time.GetUtcNow());
                        ReelgateTracing.Failed(run, refused.Code);
                        return;
                    }

                    if (!refused.IsVendorFault)
                    {
                        break;
                    }

                    Log.JobFallback(log, job.Id, model.ToString(), refused.Code);
                    continue;
                }

                attempt.VendorJobId = submitted.VendorJobId;
                ReelgateTracing.Submitted(attemptSpan, attempt.VendorJobId);
                await RecordOrStopAsync(store.RecordAttemptAsync(job.Id, owner, index, attempt.VendorJobId, time.GetUtcNow(), cancellationToken));
                Log.JobSubmitted(log, job.Id, model.ToString());
            }

            // The deadline and the poll schedule count from the submit, not from acceptance: a job that
            // waited in the queue for a vendor slot gets its full time at the vendor.
            var submittedAt = resuming && previous is not null ? previous.StartedAt : time.GetUtcNow();
            var result = await PollUntilDoneAsync(job, owner, vendor, request, attempt.VendorJobId!, submittedAt, cancellationToken);
            if (result.Status == VendorJobStatus.Succeeded)
            {
                // The vendor's task is done: its slot goes to the next job now, not after the download and checks,
                // which can queue behind a burst of other outputs while the vendor account sits idle.
                if (vendor is IVendorConcurrencyLimit { Scope: ConcurrencyScope.Deployment })
                {
                    await store.ReleaseVendorSlotAsync(job.Id, owner, time.GetUtcNow(), cancellationToken);
                    signal.Notify();
                }

                var ingested = await IngestAsync(job, vendor, result, cancellationToken);
                if (ingested.Artifacts is { } artifacts)
                {
                    ReelgateTracing.Succeeded(attemptSpan);
                    await CompleteAsync(job, owner, model, artifacts, cancellationToken);
                    ReelgateTracing.Succeeded(run);
                    return;
                }

                result = result with { Status = VendorJobStatus.Failed, Failure = ingested.Failure };
            }

            lastFailure = result.Failure ?? new VendorFailure(JobFailureCodes.VendorFailed, $"{model} failed without a reason.", IsVendorFault: true);
            ReelgateTracing.Failed(attemptSpan, lastFailure.Code);
            await store.RecordAttemptEndAsync(job.Id, lastFailure.Code, lastFailure.Message, time.GetUtcNow(), CancellationToken.None);
            metrics.VendorAttemptEnded(model, lastFailure.Code);
            attempt.VendorJobId = null;
            if (!lastFailure.IsVendorFault)
            {
                break;
            }

            Log.JobFallback(log, job.Id, model.ToString(), lastFailure.Code);
        }

        lastFailure ??= new VendorFailure(JobFailureCodes.Unsupported, "No model of the plan is available.", IsVendorFault: true);
        if (await store.CompleteFailedAsync(job.Id, owner, lastFailure.Code, lastFailure.Message, keepHold: false, time.GetUtcNow(), cancellationToken))
        {
            Log.JobFailed(log, job.Id, lastFailure.Code);
            metrics.JobFailed(job, lastModel, lastFailure.Code, time.GetUtcNow());
            ReelgateTracing.Failed(run, lastFailure.Code);
        }
    }

    /// <summary>The job's latest vendor attempt, or null before the first (one read, only for a job that has attempts).</summary>
    private async Task<JobAttempt?> LatestAttemptAsync(Job job, CancellationToken cancellationToken)
        => job.Attempts == 0 ? null : (await jobs.ListAttemptsAsync(job.Id, cancellationToken)) is [.., var latest] ? latest : null;

    /// <summary>
    /// Finishes a submit that a dead owner started: found at the vendor by our id, it is resumed;
    /// known not to be there, it is sent now (into the same attempt); where the vendor cannot say, it
    /// is never re-sent and the outcome is unknown (DESIGN §3), keeping the hold.
    /// </summary>
    private async Task<(string? VendorJobId, VendorFailure? Failure)> RecoverInterruptedSubmitAsync(Job job, IVideoVendor vendor, VendorJobRequest request, CancellationToken cancellationToken)
    {
        var unknown = new VendorFailure(
            JobFailureCodes.OutcomeUnknown,
            $"A gateway node stopped while submitting this job to {vendor.Name}, which cannot find jobs by our id; it is not re-sent. The credit stays held until the outcome is known.",
            IsVendorFault: false);
        if (vendor is not IVendorJobLookup lookup)
        {
            return (null, unknown);
        }

        string? found;
        try
        {
            found = await lookup.FindVendorJobAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.PollFailed(log, ex, job.Id);
            return (null, unknown with { Message = $"{unknown.Message} ({ex.Message})" });
        }

        if (found is not null)
        {
            Log.InterruptedSubmitFound(log, job.Id, vendor.Name);
            return (found, null);
        }

        return await SubmitAsync(job, vendor, request, cancellationToken);
    }

    /// <summary>
    /// Submits with the rules of DESIGN §3: a rate limit is waited out a few times (honouring
    /// Retry-After) before it counts as a refusal; a submit whose answer was lost is looked up by our
    /// job id where the vendor can, and otherwise reported as an unknown outcome, never re-sent.
    /// </summary>
    private async Task<(string? VendorJobId, VendorFailure? Failure)> SubmitAsync(Job job, IVideoVendor vendor, VendorJobRequest request, CancellationToken cancellationToken)
    {
        for (var rateLimited = 0; ; rateLimited++)
        {
            try
            {
                return ((await vendor.SubmitAsync(request, cancellationToken)).VendorJobId, null);
            }
            catch (VendorException ex) when (ex.MaybeAccepted)
            {
                if (vendor is IVendorJobLookup lookup)
                {
                    try
                    {
                        var found = await lookup.FindVendorJobAsync(request, cancellationToken);
                        return found is not null
                            ? (found, null)
                            : (null, ex.Failure with { IsVendorFault = true });
                    }
                    catch (Exception lookupError) when (lookupError is not OperationCanceledException)
                    {
                        Log.PollFailed(log, lookupError, job.Id);
                    }
                }

                return (null, new VendorFailure(JobFailureCodes.OutcomeUnknown, $"{vendor.Name} may have accepted the job but its answer was lost ({ex.Message}); it is not re-sent. The credit stays held until the outcome is known.", IsVendorFault: false));
            }
            catch (VendorException ex) when (ex.IsRateLimit && rateLimited < MaxRateLimitedSubmits)
            {
                var wait = ex.RetryAfter is { } after && after > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(after.Ticks, MaxRateLimitWait.Ticks)) : TimeSpan.FromSeconds(1 << rateLimited);
                await PauseVendorAsync(vendor, ex.RetryAfter);
                await Task.Delay(wait, time, cancellationToken);
            }
            catch (VendorException ex)
            {
                return (null, ex.Failure);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not accepted by the vendor, so falling through cannot cost twice (DESIGN §3).
                return (null, new VendorFailure(JobFailureCodes.VendorSubmitFailed, $"{vendor.Name} refused the job: {ex.Message}", IsVendorFault: true));
            }
        }
    }

    private async Task<VendorPollResult> PollUntilDoneAsync(Job job, string owner, IVideoVendor vendor, VendorJobRequest request, string vendorJobId, DateTimeOffset submittedAt, CancellationToken cancellationToken)
    {
        var reported = job.Progress;
        int? queuePosition = null;
        var deadline = submittedAt + options.Value.JobDeadline;
        long? writtenAt = null;
        while (true)
        {
            if (time.GetUtcNow() > deadline)
            {
                try
                {
                    await vendor.CancelAsync(vendorJobId, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Best effort: the job fails on our side whatever the vendor answers.
                    Log.VendorCancelFailed(log, ex, vendor.Name);
                }

                return new VendorPollResult
                {
                    Status = VendorJobStatus.Failed,
                    Failure = new VendorFailure(JobFailureCodes.VendorTimeout, $"The job did not finish within {options.Value.JobDeadline}.", IsVendorFault: false),
                };
            }

            // A vendor that asked to be left alone (Retry-After, here or on another node) is not polled meanwhile.
            if (pacing.Remaining(vendor.Name) is { } paused && paused > TimeSpan.Zero)
            {
                await Task.Delay(paused, time, cancellationToken);
            }

            try
            {
                var result = await vendor.PollAsync(request, vendorJobId, cancellationToken);
                if (result.Status is VendorJobStatus.Succeeded or VendorJobStatus.Failed)
                {
                    return result;
                }

                var moved = (result.Progress is { } progress && progress - reported >= ProgressStep) || result.QueuePosition != queuePosition;
                if (moved && (result.QueuePosition != queuePosition || writtenAt is not { } last || time.GetElapsedTime(last) >= ProgressWriteInterval))
                {
                    reported = result.Progress ?? reported;
                    queuePosition = result.QueuePosition;
                    writtenAt = time.GetTimestamp();
                    await RecordOrStopAsync(store.RecordProgressAsync(job.Id, owner, Math.Clamp(reported, 0, 1), queuePosition, time.GetUtcNow(), cancellationToken));
                }
            }
            catch (VendorException ex) when (ex.IsRateLimit)
            {
                // The job is fine; the vendor wants fewer calls. Every job of the vendor waits, on every node.
                await PauseVendorAsync(vendor, ex.RetryAfter);
                Log.PollFailed(log, ex, job.Id);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or JobNotOwnedException))
            {
                // A paid job is not failed for one bad poll; the deadline bounds how long this goes on.
                Log.PollFailed(log, ex, job.Id);
            }

            await Task.Delay(PollSchedule.Next(vendor.PollInterval, options.Value.MaxPollInterval, time.GetUtcNow() - submittedAt), time, cancellationToken);
        }
    }

    /// <summary>
    /// Holds every call to the vendor on this node for its Retry-After (the next poll interval when it
    /// gave none) and records the pause in the store for the other nodes' claims and polls.
    /// </summary>
    private async Task PauseVendorAsync(IVideoVendor vendor, TimeSpan? retryAfter)
    {
        var wait = retryAfter is { } after && after > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(after.Ticks, MaxRateLimitWait.Ticks)) : vendor.PollInterval;
        var until = time.GetUtcNow() + wait;
        if (!pacing.Pause(vendor.Name, until))
        {
            return;
        }

        Log.VendorPaused(log, vendor.Name, wait.TotalSeconds);
        try
        {
            await store.PauseVendorAsync(vendor.Name, until, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // This node honours the pause anyway; the others learn of it from their own 429s.
            Log.PauseNotShared(log, ex, vendor.Name);
        }
    }

    private async Task<IngestResult> IngestAsync(Job job, IVideoVendor vendor, VendorPollResult result, CancellationToken cancellationToken)
    {
        using var span = ReelgateTracing.StartIngest();
        var ingested = await ingestor.IngestAsync(job, vendor, result, cancellationToken);
        if (ingested.Failure is { } failure)
        {
            ReelgateTracing.Failed(span, failure.Code);
        }
        else
        {
            ReelgateTracing.Succeeded(span);
        }

        return ingested;
    }

    private async Task CompleteAsync(Job job, string owner, ModelRef model, JobArtifacts artifacts, CancellationToken cancellationToken)
    {
        var cost = vendors.Catalog.Find(model)?.QuoteMicros(job.Spec.Resolution, job.Spec.DurationSeconds) ?? 0;
        if (await store.CompleteSucceededAsync(job.Id, owner, artifacts, cost, time.GetUtcNow(), cancellationToken))
        {
            Log.JobSucceeded(log, job.Id, model.ToString());
            metrics.JobSucceeded(job, model, cost, time.GetUtcNow());
            return;
        }

        // Cancelled or deleted while the output was being stored: nothing may point at these files.
        foreach (var key in ArtifactKeys.For(job))
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
        }
    }

    /// <summary>A false answer means the job is no longer this owner's running job: stop working on it.</summary>
    private static async Task RecordOrStopAsync(Task<bool> write)
    {
        if (!await write)
        {
            throw new JobNotOwnedException();
        }
    }

    /// <summary>
    /// Whether the job ended because its caller cancelled or deleted it (so the vendor should stop too),
    /// as opposed to being handed to another node, which resumes the vendor job.
    /// </summary>
    private async Task<bool> WasStoppedByCallerAsync(string jobId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
            var current = await jobs.FindJobAsync(jobId, timeout.Token);
            return current is null or { State: Contracts.Video.VideoJobState.Canceled };
        }
        catch (Exception ex)
        {
            // Unreadable: leave the vendor job alone, since another node may be resuming it.
            Log.PollFailed(log, ex, jobId);
            return false;
        }
    }

    private async Task TryCancelAtVendorAsync(Attempt attempt)
    {
        if (attempt.Vendor is null || attempt.VendorJobId is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
            await attempt.Vendor.CancelAsync(attempt.VendorJobId, timeout.Token);
        }
        catch (Exception ex)
        {
            Log.VendorCancelFailed(log, ex, attempt.Vendor.Name);
        }
    }

    /// <summary>
    /// A write found the job no longer this owner's running job (cancelled, deleted or handed to another
    /// node). Not an <see cref="OperationCanceledException"/>, which an HTTP timeout also throws: that one
    /// is a failure inside the gateway, this one a reason to stop.
    /// </summary>
    private sealed class JobNotOwnedException() : Exception("The job was cancelled, deleted or handed to another node.");

    /// <summary>The vendor call in flight, so a cancel knows what to stop.</summary>
    private sealed class Attempt
    {
        public IVideoVendor? Vendor { get; set; }
        public string? VendorJobId { get; set; }
    }
}
