using Microsoft.Extensions.Options;

namespace Reelgate.Storage.S3;

/// <summary>
/// The rules that span S3 settings: credentials come as a pair or not at all (half a pair would
/// silently fall back to the default chain and sign with someone else's identity), an absolute
/// http(s) <c>ServiceUrl</c>, and a key prefix that makes well-formed keys. Reports every error at once.
/// </summary>
internal sealed class S3StorageOptionsValidator : IValidateOptions<S3StorageOptions>
{
    private const string Section = S3StorageOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, S3StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccessKey) != string.IsNullOrWhiteSpace(options.SecretKey))
        {
            errors.Add($"{Section}:AccessKey and {Section}:SecretKey go together: set both, or neither to use the AWS SDK's default credential chain.");
        }

        if (!string.IsNullOrEmpty(options.ServiceUrl)
            && (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{Section}:ServiceUrl must be an absolute http(s) URL (e.g. http://minio:9000), or empty for AWS S3.");
        }

        if (options.KeyPrefix is { Length: > 0 } prefix && (prefix.StartsWith('/') || prefix.Contains("//", StringComparison.Ordinal)))
        {
            errors.Add($"{Section}:KeyPrefix must not start with '/' or contain '//' (S3 keys are not paths; those make empty segments).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
