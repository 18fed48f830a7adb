namespace Reelgate.Cli;

/// <summary>What <c>download --json</c> prints: the file it wrote.</summary>
internal sealed record DownloadResult(string JobId, string Path, long Bytes);
