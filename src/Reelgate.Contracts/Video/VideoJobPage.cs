namespace Reelgate.Contracts.Video;

/// <summary>One page of <c>list</c>, newest first.</summary>
/// <param name="Items">The jobs on this page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; absent on the last page.</param>
public sealed record VideoJobPage(IReadOnlyList<VideoJobDetails> Items, string? NextCursor);
