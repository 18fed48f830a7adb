using System.Text.Json.Serialization;

namespace Reelgate.Contracts.Video;

/// <summary>The state of a video job.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VideoJobState>))]
public enum VideoJobState
{
    /// <summary>Accepted, waiting for the dispatcher.</summary>
    [JsonStringEnumMemberName("queued")] Queued = 0,

    /// <summary>A vendor is working on it.</summary>
    [JsonStringEnumMemberName("running")] Running = 1,

    /// <summary>The video is ready.</summary>
    [JsonStringEnumMemberName("succeeded")] Succeeded = 2,

    /// <summary>The job ended without a video; see <c>error</c>.</summary>
    [JsonStringEnumMemberName("failed")] Failed = 3,

    /// <summary>Cancelled by the caller.</summary>
    [JsonStringEnumMemberName("canceled")] Canceled = 4,

    /// <summary>Its retention window ended; the files are gone, the record stays.</summary>
    [JsonStringEnumMemberName("expired")] Expired = 5,
}
