using Microsoft.Extensions.Logging;

namespace Reelgate.Vendors.Veo;

internal sealed partial class VeoVendor
{
    /// <summary>Event ids 1750–1769. Never the API key, the prompt or a URL (links may carry tokens).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 1750, Level = LogLevel.Information, Message = "Veo accepted job {JobId} on {Model} as {Operation}")]
        public static partial void Submitted(ILogger logger, string jobId, string model, string operation);

        [LoggerMessage(EventId = 1751, Level = LogLevel.Warning, Message = "Veo did not take job {JobId} on {Model}: {Code} (maybe accepted: {MaybeAccepted})")]
        public static partial void SubmitRefused(ILogger logger, string jobId, string model, string code, bool maybeAccepted);

        [LoggerMessage(EventId = 1752, Level = LogLevel.Warning, Message = "Veo failed job {JobId}: {Code} (vendor fault: {IsVendorFault})")]
        public static partial void JobFailed(ILogger logger, string jobId, string code, bool isVendorFault);

        [LoggerMessage(EventId = 1753, Level = LogLevel.Information, Message = "Veo's safety filters removed the output of job {JobId} ({FilteredCount} filtered)")]
        public static partial void SafetyFiltered(ILogger logger, string jobId, int filteredCount);

        [LoggerMessage(EventId = 1754, Level = LogLevel.Information, Message = "Veo has no cancel: operation {Operation} is left to finish and may be charged; polling stops")]
        public static partial void CancelNotSupported(ILogger logger, string operation);

        [LoggerMessage(EventId = 1755, Level = LogLevel.Debug, Message = "Fetched the reference image of job {JobId}: {Bytes} bytes of {MediaType}")]
        public static partial void ReferenceImageFetched(ILogger logger, string jobId, int bytes, string mediaType);

        [LoggerMessage(EventId = 1756, Level = LogLevel.Debug, Message = "Veo answered job {JobId} with an inline video of {Bytes} bytes")]
        public static partial void InlineVideoWritten(ILogger logger, string jobId, int bytes);

        [LoggerMessage(EventId = 1757, Level = LogLevel.Debug, Message = "Veo's output link redirected to another host; following it without the API key")]
        public static partial void DownloadRedirected(ILogger logger);
    }
}
