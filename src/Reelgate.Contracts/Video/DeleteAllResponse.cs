namespace Reelgate.Contracts.Video;

/// <summary>Answer of <c>delete_all</c>.</summary>
/// <param name="Deleted">How many jobs were deleted.</param>
public sealed record DeleteAllResponse(int Deleted);
