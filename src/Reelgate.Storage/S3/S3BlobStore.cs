using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.Util;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Ports;

namespace Reelgate.Storage.S3;

/// <summary>
/// Blobs as objects in one S3 bucket, under <see cref="S3StorageOptions.KeyPrefix"/>. Links are
/// SigV4 presigned GETs, so downloads go straight from the bucket to the client.
/// </summary>
internal sealed partial class S3BlobStore(IAmazonS3 s3, IOptions<S3StorageOptions> options, ILogger<S3BlobStore> log) : IBlobStore, IReadinessCheck
{
    /// <summary>S3 refuses a multipart upload of more parts than this.</summary>
    private const int MaxParts = 10_000;

    /// <summary>SigV4 presigned URLs live at most a week.</summary>
    private static readonly TimeSpan MaxPresignLifetime = TimeSpan.FromDays(7);

    private readonly S3StorageOptions _options = options.Value;
    private readonly string _prefix = NormalizePrefix(options.Value.KeyPrefix);
    private readonly Protocol _protocol = options.Value.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS;

    /// <remarks>
    /// Uploads are not aws-chunked (<c>UseChunkEncoding = false</c>): several S3-compatible servers
    /// store the chunk framing as content. The SDK then hashes the local file to sign it, a cheap
    /// pass over a file that was just hashed anyway.
    /// </remarks>
    public async Task PutFileAsync(string key, string sourcePath, string contentType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        var objectKey = ObjectKey(key);
        var length = new FileInfo(sourcePath).Length;
        if (length < _options.MultipartThresholdBytes)
        {
            await s3.PutObjectAsync(
                new PutObjectRequest { BucketName = _options.Bucket, Key = objectKey, FilePath = sourcePath, ContentType = contentType, UseChunkEncoding = false },
                cancellationToken);
        }
        else
        {
            await PutMultipartAsync(objectKey, sourcePath, length, contentType, cancellationToken);
        }

        Log.Stored(log, objectKey, length);

        // The port's promise: the source is gone once stored, as with the file store's move.
        File.Delete(sourcePath);
    }

    public string Name => "blobs";

    /// <summary>
    /// The bucket answers a one-key listing under our prefix with these credentials: a missing
    /// bucket, refused credentials or an unreachable endpoint fail here instead of at the next ingest.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _prefix, MaxKeys = 1 }, cancellationToken);
        }
        catch (AmazonS3Exception ex)
        {
            throw new IOException($"bucket '{_options.Bucket}' answered {(int)ex.StatusCode} {ex.ErrorCode}", ex);
        }
    }

    public async Task<BlobInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = ObjectKey(key) }, cancellationToken);
            return new BlobInfo(head.ContentLength, ToOffset(head.LastModified));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var request = new GetObjectRequest { BucketName = _options.Bucket, Key = ObjectKey(key) };
        if (offset > 0)
        {
            request.ByteRange = new ByteRange(string.Create(CultureInfo.InvariantCulture, $"bytes={offset}-"));
        }

        try
        {
            var response = await s3.GetObjectAsync(request, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // An offset at the end of the object: nothing left to read, which is not an error for a reader.
            return Stream.Null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        try
        {
            // S3 answers 204 for a key that does not exist, so a missing blob needs no special case.
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _options.Bucket, Key = objectKey }, cancellationToken);
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException)
        {
            // The port reports an unreachable store as IOException, which the retention sweeper tolerates per object.
            throw new IOException($"Deleting s3://{_options.Bucket}/{objectKey} failed: {ex.Message}", ex);
        }
    }

    public async ValueTask<PresignedBlobUrl?> PresignAsync(string key, TimeSpan lifetime, string? downloadName, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, MaxPresignLifetime);
        var seconds = (long)lifetime.TotalSeconds;
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = ObjectKey(key),
            Verb = HttpVerb.GET,

            // The SDK turns Expires back into X-Amz-Expires against its own clock (rounding to the
            // nearest second), so anchoring on that clock yields exactly the asked whole seconds.
            Expires = AWSSDKUtils.CorrectedUtcNow.AddSeconds(seconds),

            // Without this the SDK rewrites an http ServiceUrl's link to https.
            Protocol = _protocol,
        };
        if (downloadName is not null)
        {
            request.ResponseHeaderOverrides.ContentDisposition = AttachmentDisposition(downloadName);
        }

        var url = new Uri(await s3.GetPreSignedURLAsync(request));
        return new PresignedBlobUrl(url, ExpiryOf(url));
    }

    private async Task PutMultipartAsync(string objectKey, string sourcePath, long length, string contentType, CancellationToken cancellationToken)
    {
        var partSize = Math.Max(_options.PartSizeBytes, (length + MaxParts - 1) / MaxParts);
        var initiated = await s3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = objectKey, ContentType = contentType },
            cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            var number = 1;
            for (long position = 0; position < length; position += partSize, number++)
            {
                var part = await s3.UploadPartAsync(
                    new UploadPartRequest
                    {
                        BucketName = _options.Bucket,
                        Key = objectKey,
                        UploadId = initiated.UploadId,
                        PartNumber = number,
                        FilePath = sourcePath,
                        FilePosition = position,
                        PartSize = Math.Min(partSize, length - position),
                        UseChunkEncoding = false,
                    },
                    cancellationToken);
                parts.Add(new PartETag(number, part.ETag));
            }

            await s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _options.Bucket, Key = objectKey, UploadId = initiated.UploadId, PartETags = parts },
                cancellationToken);
        }
        catch (Exception ex)
        {
            // Parts of an unfinished upload are billed until aborted; CancellationToken.None because
            // a cancelled upload is exactly the case that must still be cleaned up.
            try
            {
                await s3.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = objectKey, UploadId = initiated.UploadId },
                    CancellationToken.None);
            }
            catch (Exception abortError) when (abortError is AmazonServiceException or HttpRequestException)
            {
                Log.AbortFailed(log, abortError, objectKey, initiated.UploadId);
            }

            Log.MultipartFailed(log, ex, objectKey);
            throw;
        }
    }

    private string ObjectKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _prefix + key;
    }

    private static string NormalizePrefix(string? prefix)
        => string.IsNullOrEmpty(prefix) ? string.Empty : prefix.EndsWith('/') ? prefix : prefix + "/";

    /// <summary>RFC 6266: a quoted ASCII name for old clients, and <c>filename*</c> for the exact one.</summary>
    private static string AttachmentDisposition(string name)
    {
        var ascii = new string([.. name.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_')]);
        return ascii == name
            ? $"attachment; filename=\"{name}\""
            : $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }

    /// <summary>
    /// X-Amz-Date + X-Amz-Expires, read back from the link: its validity counts from the SDK's
    /// signing time, not from our clock, and this is the instant S3 will enforce.
    /// </summary>
    private static DateTimeOffset ExpiryOf(Uri url)
    {
        DateTimeOffset? signedAt = null;
        long? expires = null;
        foreach (var pair in url.Query.TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("X-Amz-Date=", StringComparison.Ordinal))
            {
                signedAt = DateTimeOffset.ParseExact(pair["X-Amz-Date=".Length..], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }
            else if (pair.StartsWith("X-Amz-Expires=", StringComparison.Ordinal))
            {
                expires = long.Parse(pair["X-Amz-Expires=".Length..], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return signedAt is { } at && expires is { } seconds
            ? at.AddSeconds(seconds)
            : throw new InvalidOperationException("The SDK's presigned URL is not SigV4 (no X-Amz-Date/X-Amz-Expires).");
    }

    private static DateTimeOffset ToOffset(DateTime? value)
        => value is { } time ? new DateTimeOffset(DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc)) : DateTimeOffset.UnixEpoch;
}
