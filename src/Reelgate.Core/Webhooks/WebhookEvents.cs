using Reelgate.Contracts.Video;

namespace Reelgate.Core.Webhooks;

/// <summary>The event names of DESIGN §5.</summary>
public static class WebhookEvents
{
    public const string Running = "video.running";
    public const string Succeeded = "video.succeeded";
    public const string Failed = "video.failed";
    public const string Canceled = "video.canceled";
    public const string Expired = "video.expired";

    public static string? For(VideoJobState state) => state switch
    {
        VideoJobState.Running => Running,
        VideoJobState.Succeeded => Succeeded,
        VideoJobState.Failed => Failed,
        VideoJobState.Canceled => Canceled,
        VideoJobState.Expired => Expired,
        _ => null,
    };
}
