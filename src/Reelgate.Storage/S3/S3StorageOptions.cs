using System.ComponentModel.DataAnnotations;

namespace Reelgate.Storage.S3;

/// <summary>
/// The S3 bucket for video and thumbnail bytes, bound from <c>Reelgate:Storage:S3</c> when
/// <c>Reelgate:Storage:Blobs=S3</c>. Checked at start by data annotations and
/// <see cref="S3StorageOptionsValidator"/>.
/// </summary>
public sealed class S3StorageOptions
{
    public const string SectionName = "Reelgate:Storage:S3";

    /// <summary>The smallest part S3 accepts in a multipart upload (every part but the last).</summary>
    public const long MinPartSizeBytes = 5L * 1024 * 1024;

    /// <summary>The largest single PUT or part S3 accepts.</summary>
    public const long MaxPartSizeBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>
    /// Endpoint of an S3-compatible server (MinIO, Ceph, R2, s3rver …); when empty, AWS S3 in
    /// <see cref="Region"/>. Presigned links point at this URL, so clients must be able to reach it.
    /// </summary>
    /// <value>The default value is empty.</value>
    public string? ServiceUrl { get; set; }

    /// <summary>The region requests are signed for (also with <see cref="ServiceUrl"/>).</summary>
    /// <value>The default value is <c>us-east-1</c>.</value>
    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <value>The default value is empty; required.</value>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Reelgate:Storage:S3:Bucket is required when Reelgate:Storage:Blobs is S3.")]
    public string? Bucket { get; set; }

    /// <summary>Address objects as <c>ServiceUrl/bucket/key</c> instead of <c>bucket.host/key</c> (most S3-compatible servers need it).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ForcePathStyle { get; set; }

    /// <summary>Access key id; with <see cref="SecretKey"/>, or neither to use the SDK's default credential chain (environment, profile, instance role).</summary>
    /// <value>The default value is empty.</value>
    public string? AccessKey { get; set; }

    /// <value>The default value is empty.</value>
    public string? SecretKey { get; set; }

    /// <summary>Put in front of every object key (e.g. <c>reelgate/</c>), so one bucket can hold several deployments.</summary>
    /// <value>The default value is empty.</value>
    public string? KeyPrefix { get; set; }

    /// <summary>Files at least this large go up as a multipart upload; smaller ones in one PUT.</summary>
    /// <value>The default value is 64 MiB.</value>
    [Range(typeof(long), "0", "5368709120")]
    public long MultipartThresholdBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Size of each multipart part (grown automatically when a file would need more than 10,000 parts).</summary>
    /// <value>The default value is 16 MiB.</value>
    [Range(typeof(long), "5242880", "5368709120", ErrorMessage = "Reelgate:Storage:S3:PartSizeBytes must be from 5 MiB (5242880) to 5 GiB.")]
    public long PartSizeBytes { get; set; } = 16L * 1024 * 1024;
}
