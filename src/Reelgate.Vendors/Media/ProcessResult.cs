namespace Reelgate.Vendors.Media;

/// <summary>How a tool run ended.</summary>
/// <param name="ExitCode">The tool's exit code; 0 is success for ffmpeg and ffprobe.</param>
/// <param name="StandardOutput">All of stdout, or empty when it went to <see cref="ProcessRunOptions.OnOutputLine"/>.</param>
/// <param name="StandardErrorTail">The last few KB of stderr, enough to explain a failure.</param>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardErrorTail);
