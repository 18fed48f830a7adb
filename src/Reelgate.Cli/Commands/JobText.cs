using System.Globalization;
using Reelgate.Contracts.Video;

namespace Reelgate.Cli.Commands;

/// <summary>How jobs read in human output.</summary>
internal static class JobText
{
    public static string State(VideoJobState state) => state switch
    {
        VideoJobState.Queued => "queued",
        VideoJobState.Running => "running",
        VideoJobState.Succeeded => "succeeded",
        VideoJobState.Failed => "failed",
        VideoJobState.Canceled => "canceled",
        _ => "expired",
    };

    /// <summary>A queued job's place in its project's queue, or the vendor's queue place of a running one.</summary>
    public static string Place(VideoJob job) => job.QueuePosition is { } place
        ? string.Create(CultureInfo.InvariantCulture, $"#{place} in {(job.State == VideoJobState.Queued ? "the project's" : "the vendor's")} queue")
        : string.Empty;

    public static string Progress(double? progress)
        => progress is { } p ? (p * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : string.Empty;

    public static string Failure(VideoJob job) => job.Error is { } error
        ? $"job {job.JobId} {State(job.State)}: {error.Code}: {error.Message}"
        : $"job {job.JobId} {State(job.State)}";

    public static string Time(DateTimeOffset? time)
        => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Usd(decimal amount) => "$" + amount.ToString("0.00####", CultureInfo.InvariantCulture);

    /// <summary>Exit code of a job's state: failed and canceled jobs exit 1.</summary>
    public static int ExitCode(VideoJobState state)
        => state is VideoJobState.Failed or VideoJobState.Canceled ? ExitCodes.Failed : ExitCodes.Ok;
}
