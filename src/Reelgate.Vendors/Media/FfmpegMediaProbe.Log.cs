using Microsoft.Extensions.Logging;

namespace Reelgate.Vendors.Media;

internal sealed partial class FfmpegMediaProbe
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "ffprobe could not read {Path} (exit code {ExitCode}): {Error}")]
        public static partial void ProbeFailed(ILogger logger, string path, int exitCode, string error);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "ffprobe output for {Path} could not be parsed")]
        public static partial void ProbeOutputUnreadable(ILogger logger, string path, Exception exception);
    }
}
