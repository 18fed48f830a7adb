using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reelgate.Core.Ports;
using Reelgate.Storage.S3;

namespace Microsoft.Extensions.DependencyInjection;

public static partial class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Video and thumbnail bytes in an S3-compatible bucket (<c>Reelgate:Storage:S3</c>), checked at
    /// start. Links handed to clients become S3 presigned URLs. An <see cref="IAmazonS3"/> registered
    /// before this call is used as is.
    /// </summary>
    public static IServiceCollection AddS3Blobs(this IServiceCollection services)
    {
        services.AddOptions<S3StorageOptions>()
            .BindConfiguration(S3StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3StorageOptions>, S3StorageOptionsValidator>());
        services.TryAddSingleton<IAmazonS3>(sp => CreateClient(sp.GetRequiredService<IOptions<S3StorageOptions>>().Value));
        return services.AddCheckedBlobStore<S3BlobStore>();
    }

    internal static AmazonS3Client CreateClient(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // SDK v4 adds CRC checksums to every upload and checks them on every download; many
            // S3-compatible servers reject or omit them, and TLS already guards the bytes in transit.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrWhiteSpace(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
