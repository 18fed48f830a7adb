using Microsoft.Extensions.Logging;

namespace Reelgate.Vendors.Runway;

internal sealed partial class RunwayVendor
{
    // Event ids 1710-1729 are Runway's. Prompts, keys and output URLs are never logged.
    private static partial class Log
    {
        [LoggerMessage(EventId = 1710, Level = LogLevel.Information, Message = "Runway task {TaskId} created for job {JobId} on {Model}")]
        public static partial void TaskCreated(ILogger logger, string taskId, string jobId, string model);

        [LoggerMessage(EventId = 1711, Level = LogLevel.Warning, Message = "Runway task {TaskId} of job {JobId} failed with {FailureCode}")]
        public static partial void TaskFailed(ILogger logger, string taskId, string jobId, string failureCode);

        [LoggerMessage(EventId = 1712, Level = LogLevel.Information, Message = "Runway task {TaskId} cancelled")]
        public static partial void TaskCanceled(ILogger logger, string taskId);

        [LoggerMessage(EventId = 1713, Level = LogLevel.Warning, Message = "Runway task {TaskId} could not be cancelled")]
        public static partial void CancelFailed(ILogger logger, string taskId, Exception exception);

        [LoggerMessage(EventId = 1714, Level = LogLevel.Warning, Message = "Runway task {TaskId} reports unknown status {Status}; polling on")]
        public static partial void UnknownStatus(ILogger logger, string taskId, string status);
    }
}
