namespace Reelgate.Contracts.Video;

/// <summary>Answer of <c>cancel</c> and <c>delete</c>.</summary>
/// <param name="Ok">Whether the operation changed (or had changed) the job.</param>
public sealed record OkResponse(bool Ok);
