using Microsoft.Extensions.Logging;
using Reelgate.Core.Diagnostics;

namespace Reelgate.Core.Dispatching;

internal sealed partial class JobRunner
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.JobSubmitted, LogLevel.Information, "Job {JobId} submitted to {Model}")]
        public static partial void JobSubmitted(ILogger logger, string jobId, string model);

        [LoggerMessage(EventIds.JobSucceeded, LogLevel.Information, "Job {JobId} succeeded on {Model}")]
        public static partial void JobSucceeded(ILogger logger, string jobId, string model);

        [LoggerMessage(EventIds.JobFailed, LogLevel.Warning, "Job {JobId} failed: {ErrorCode}")]
        public static partial void JobFailed(ILogger logger, string jobId, string errorCode);

        [LoggerMessage(EventIds.JobFallback, LogLevel.Warning, "Job {JobId} leaves {Model} after {ErrorCode}")]
        public static partial void JobFallback(ILogger logger, string jobId, string model, string errorCode);

        [LoggerMessage(EventIds.JobCanceled, LogLevel.Information, "Job {JobId} stopped: cancelled or deleted")]
        public static partial void JobCanceled(ILogger logger, string jobId);

        [LoggerMessage(EventIds.JobReleased, LogLevel.Debug, "Job {JobId} stopped for shutdown; it resumes at the next claim")]
        public static partial void JobReleased(ILogger logger, string jobId);

        [LoggerMessage(EventIds.JobCrashed, LogLevel.Error, "Job {JobId} failed inside the gateway")]
        public static partial void JobCrashed(ILogger logger, Exception exception, string jobId);

        [LoggerMessage(EventIds.PollFailed, LogLevel.Warning, "Polling job {JobId} failed; will retry")]
        public static partial void PollFailed(ILogger logger, Exception exception, string jobId);

        [LoggerMessage(EventIds.VendorCancelFailed, LogLevel.Warning, "Cancelling at vendor {Vendor} failed")]
        public static partial void VendorCancelFailed(ILogger logger, Exception exception, string vendor);

        [LoggerMessage(EventIds.LeaseLost, LogLevel.Warning, "Job {JobId} is no longer this node's to run; another node resumes it")]
        public static partial void LeaseLost(ILogger logger, string jobId);

        [LoggerMessage(EventIds.InterruptedSubmitFound, LogLevel.Information, "Job {JobId}: the submit a stopped node started was found at {Vendor}; resuming it")]
        public static partial void InterruptedSubmitFound(ILogger logger, string jobId, string vendor);

        [LoggerMessage(EventIds.JobMoved, LogLevel.Information, "Job {JobId} goes back to the queue for {Model} of another vendor")]
        public static partial void JobMoved(ILogger logger, string jobId, string model);

        [LoggerMessage(EventIds.VendorPaused, LogLevel.Warning, "Vendor {Vendor} asked to wait {Seconds} s; no node calls it meanwhile")]
        public static partial void VendorPaused(ILogger logger, string vendor, double seconds);

        [LoggerMessage(EventIds.VendorPauseNotShared, LogLevel.Warning, "Could not record the pause of vendor {Vendor} for the other nodes")]
        public static partial void PauseNotShared(ILogger logger, Exception exception, string vendor);
    }
}
