namespace Reelgate.Core.Ports;

/// <summary>Where video and thumbnail bytes live (files under the data directory, or S3).</summary>
public interface IBlobStore
{
    /// <summary>Stores the file at <paramref name="sourcePath"/> under <paramref name="key"/>; the source may be moved.</summary>
    Task PutFileAsync(string key, string sourcePath, string contentType, CancellationToken cancellationToken);

    /// <summary>Where to read a blob from, or null when it does not exist.</summary>
    Task<BlobLocation?> LocateAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes a blob; a missing blob is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>A local file path to serve, with its length and last write time.</summary>
public sealed record BlobLocation(string LocalPath, long Length, DateTimeOffset LastModified);
