using Microsoft.Extensions.Logging;

namespace Reelgate.Vendors.Local;

internal sealed partial class LocalVendor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Local render of {JobId} started: {Resolution} {Aspect}, {DurationSeconds} s")]
        public static partial void RenderStarted(ILogger logger, string jobId, string resolution, string aspect, int durationSeconds);

        [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Local render of {JobId} finished in {ElapsedSeconds:0.0} s")]
        public static partial void RenderSucceeded(ILogger logger, string jobId, double elapsedSeconds);

        [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Local render of {JobId} failed")]
        public static partial void RenderFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(EventId = 1313, Level = LogLevel.Information, Message = "Local render of {JobId} canceled")]
        public static partial void RenderCanceled(ILogger logger, string jobId);

        [LoggerMessage(EventId = 1314, Level = LogLevel.Information, Message = "Local render of {JobId} was unknown and had no output; rendering it again")]
        public static partial void RenderResumed(ILogger logger, string jobId);
    }
}
