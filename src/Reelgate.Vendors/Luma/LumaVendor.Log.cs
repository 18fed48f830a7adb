using Microsoft.Extensions.Logging;

namespace Reelgate.Vendors.Luma;

internal sealed partial class LumaVendor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1730, Level = LogLevel.Information, Message = "Luma generation {GenerationId} created for {JobId} on {Model}")]
        public static partial void Submitted(ILogger logger, string jobId, string model, string generationId);

        [LoggerMessage(EventId = 1731, Level = LogLevel.Warning, Message = "Luma did not take {JobId} on {Model}: {Code}")]
        public static partial void SubmitRefused(ILogger logger, string jobId, string model, string code);

        [LoggerMessage(EventId = 1732, Level = LogLevel.Information, Message = "Luma generation {GenerationId} of {JobId} failed: {Code}")]
        public static partial void GenerationFailed(ILogger logger, string jobId, string generationId, string code);

        [LoggerMessage(EventId = 1733, Level = LogLevel.Information, Message = "Luma generation {GenerationId} deleted")]
        public static partial void Canceled(ILogger logger, string generationId);

        [LoggerMessage(EventId = 1734, Level = LogLevel.Debug, Message = "Luma generation {GenerationId} was already gone when cancelled")]
        public static partial void CancelIgnored(ILogger logger, string generationId);

        [LoggerMessage(EventId = 1735, Level = LogLevel.Warning, Message = "Luma generation {GenerationId} could not be deleted: {Code}")]
        public static partial void CancelFailed(ILogger logger, string generationId, string code);

        [LoggerMessage(EventId = 1736, Level = LogLevel.Information, Message = "Found Luma generation {GenerationId} for {JobId} by its callback tag after its create answer was lost")]
        public static partial void LookupFound(ILogger logger, string jobId, string generationId);

        [LoggerMessage(EventId = 1737, Level = LogLevel.Warning, Message = "No Luma generation carries the callback tag of {JobId}; its outcome stays unknown")]
        public static partial void LookupNotFound(ILogger logger, string jobId);

        [LoggerMessage(EventId = 1738, Level = LogLevel.Warning, Message = "Luma's output link answered {Status}")]
        public static partial void OutputRefused(ILogger logger, int status);
    }
}
