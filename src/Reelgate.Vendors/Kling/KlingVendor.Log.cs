using Microsoft.Extensions.Logging;

namespace Reelgate.Vendors.Kling;

internal sealed partial class KlingVendor
{
    // Event ids 1770-1789. Never log keys, tokens, prompts or output links.
    private static partial class Log
    {
        [LoggerMessage(EventId = 1770, Level = LogLevel.Information, Message = "Kling accepted {JobId} on {Model} as task {TaskId}")]
        public static partial void Submitted(ILogger logger, string jobId, string model, string taskId);

        [LoggerMessage(EventId = 1771, Level = LogLevel.Information, Message = "Kling task {TaskId} of {JobId} found by external_task_id after a lost create answer; resuming it")]
        public static partial void LookupFound(ILogger logger, string jobId, string taskId);

        [LoggerMessage(EventId = 1772, Level = LogLevel.Warning, Message = "Kling has no task for {JobId} after a lost create answer: it was not accepted")]
        public static partial void LookupFoundNothing(ILogger logger, string jobId);

        [LoggerMessage(EventId = 1773, Level = LogLevel.Information, Message = "Kling task {TaskId} of {JobId} succeeded; units charged: {Units}")]
        public static partial void TaskSucceeded(ILogger logger, string jobId, string taskId, string units);

        [LoggerMessage(EventId = 1774, Level = LogLevel.Warning, Message = "Kling task {TaskId} of {JobId} failed: {Code}")]
        public static partial void TaskFailed(ILogger logger, string jobId, string taskId, string code);

        [LoggerMessage(EventId = 1775, Level = LogLevel.Error, Message = "Kling refused a call because of our account ({KlingCode}): top up or settle the Kling account")]
        public static partial void AccountProblem(ILogger logger, int klingCode);

        [LoggerMessage(EventId = 1776, Level = LogLevel.Warning, Message = "Kling rejected our token ({KlingCode}: expired or not yet valid; check the clock); minting a new one")]
        public static partial void TokenRejected(ILogger logger, int klingCode);

        [LoggerMessage(EventId = 1777, Level = LogLevel.Warning, Message = "Kling task {TaskId} is in an unknown state {Status}; treating it as running")]
        public static partial void UnknownStatus(ILogger logger, string taskId, string status);

        [LoggerMessage(EventId = 1778, Level = LogLevel.Debug, Message = "Kling has no cancel call; task {TaskId} runs on at Kling")]
        public static partial void CancelNotSupported(ILogger logger, string taskId);

        [LoggerMessage(EventId = 1779, Level = LogLevel.Warning, Message = "Kling says the external_task_id of {JobId} is in use; looking the task up instead of starting another")]
        public static partial void ExternalIdInUse(ILogger logger, string jobId);
    }
}
