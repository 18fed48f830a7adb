namespace Reelgate.Core.Jobs;

/// <summary>What <c>set_retention</c> answers: the job's retention window and when it now ends.</summary>
public sealed record RetentionSet(string JobId, int RetentionDays, DateTimeOffset ExpiresAt);
