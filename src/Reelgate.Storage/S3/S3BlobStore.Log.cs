using Microsoft.Extensions.Logging;
using Reelgate.Core.Diagnostics;

namespace Reelgate.Storage.S3;

internal sealed partial class S3BlobStore
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.BlobStored, LogLevel.Debug, "Stored s3 object {ObjectKey} ({Length} bytes)")]
        public static partial void Stored(ILogger logger, string objectKey, long length);

        [LoggerMessage(EventIds.MultipartFailed, LogLevel.Warning, "Multipart upload of s3 object {ObjectKey} failed; aborting it")]
        public static partial void MultipartFailed(ILogger logger, Exception exception, string objectKey);

        [LoggerMessage(EventIds.MultipartAbortFailed, LogLevel.Warning, "Could not abort multipart upload {UploadId} of s3 object {ObjectKey}; its parts stay billed until a bucket lifecycle rule for incomplete multipart uploads removes them")]
        public static partial void AbortFailed(ILogger logger, Exception exception, string objectKey, string uploadId);
    }
}
