namespace Reelgate.Contracts.Video;

/// <summary>Answer of <c>set_retention</c>.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="RetentionDays">The new window in days.</param>
/// <param name="ExpiresAt">When the artifacts will be removed.</param>
public sealed record SetRetentionResponse(string JobId, int RetentionDays, DateTimeOffset ExpiresAt);
