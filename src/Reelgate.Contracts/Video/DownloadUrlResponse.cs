namespace Reelgate.Contracts.Video;

/// <summary>Answer of <c>download_url</c>.</summary>
/// <param name="Url">A signed URL that downloads the MP4 as an attachment.</param>
/// <param name="ExpiresAt">When the URL stops working.</param>
/// <param name="ExpiresIn">Seconds from now until <paramref name="ExpiresAt"/>.</param>
public sealed record DownloadUrlResponse(string Url, DateTimeOffset ExpiresAt, int ExpiresIn);
