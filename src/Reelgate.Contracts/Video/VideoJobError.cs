namespace Reelgate.Contracts.Video;

/// <summary>Why a job failed.</summary>
/// <param name="Code">A stable machine-readable code, e.g. <c>VENDOR_FAILED</c>.</param>
/// <param name="Message">A human-readable explanation.</param>
public sealed record VideoJobError(string Code, string Message);
