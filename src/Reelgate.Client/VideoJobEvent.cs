using Reelgate.Contracts.Video;

namespace Reelgate.Client;

/// <summary>One Server-Sent Event of <c>GET /v1/video/events/{id}</c>.</summary>
/// <param name="Id">The event id (the job's update time in Unix milliseconds); pass it as <c>lastEventId</c> to resume.</param>
/// <param name="Event">The event name: the job's state (<c>queued</c>, <c>running</c>, <c>succeeded</c>, …).</param>
/// <param name="Job">The job's short view at that moment.</param>
public sealed record VideoJobEvent(string? Id, string Event, VideoJob Job);
