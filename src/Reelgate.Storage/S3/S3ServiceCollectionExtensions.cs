namespace Microsoft.Extensions.DependencyInjection;

public static partial class StorageServiceCollectionExtensions
{
    /// <summary>Video and thumbnail bytes in an S3-compatible bucket (<c>Reelgate:Storage:S3</c>).</summary>
    public static IServiceCollection AddS3Blobs(this IServiceCollection services)
        => throw new NotSupportedException("S3 blobs are being built.");
}
