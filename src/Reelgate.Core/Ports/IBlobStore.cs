namespace Reelgate.Core.Ports;

/// <summary>
/// Where video and thumbnail bytes live (files under the data directory, or S3). Callers never see
/// a local path: they read through <see cref="OpenReadAsync"/>, and a store that can hand out its
/// own short-lived links (S3) answers <see cref="PresignAsync"/> so the bytes skip the gateway.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Stores the file at <paramref name="sourcePath"/> under <paramref name="key"/>; the source is
    /// moved or deleted once stored, so the caller must not rely on it afterwards.
    /// </summary>
    Task PutFileAsync(string key, string sourcePath, string contentType, CancellationToken cancellationToken);

    /// <summary>The blob's length and last write time, or null when it does not exist.</summary>
    Task<BlobInfo?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// The blob's bytes from <paramref name="offset"/> to its end, or null when it does not exist.
    /// The caller disposes the stream.
    /// </summary>
    Task<Stream?> OpenReadAsync(string key, long offset, CancellationToken cancellationToken);

    /// <summary>Removes a blob; a missing blob is not an error. Failures to reach the store surface as <see cref="IOException"/>.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A URL that fetches the blob without credentials for exactly <paramref name="lifetime"/>
    /// from its signing time (as an attachment named <paramref name="downloadName"/> when given),
    /// or null when the store cannot issue its own links and the gateway must serve the bytes.
    /// Computed locally: no request reaches the store.
    /// </summary>
    ValueTask<PresignedBlobUrl?> PresignAsync(string key, TimeSpan lifetime, string? downloadName, CancellationToken cancellationToken);
}

/// <summary>What is known about a stored blob without reading it.</summary>
public sealed record BlobInfo(long Length, DateTimeOffset LastModified);

/// <summary>A store-issued link and the instant it stops working (its signing time plus the asked lifetime).</summary>
public sealed record PresignedBlobUrl(Uri Url, DateTimeOffset ExpiresAt);
