using Microsoft.Extensions.Options;

namespace Reelgate.Vendors.Kling;

/// <summary>
/// The rules that span settings of an enabled Kling vendor: both keys of the pair (Kling has no
/// single API key, so <c>ApiKey</c> alone is a configuration mistake) and an absolute http(s)
/// <c>BaseUrl</c>. Reports every error at once.
/// </summary>
internal sealed class KlingOptionsValidator : IValidateOptions<KlingOptions>
{
    public ValidateOptionsResult Validate(string? name, KlingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsEnabled)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccessKey) || string.IsNullOrWhiteSpace(options.SecretKey))
        {
            errors.Add($"{KlingOptions.SectionName}:AccessKey and {KlingOptions.SectionName}:SecretKey are both required: Kling authenticates with a JWT signed by the pair, not with an ApiKey.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{KlingOptions.SectionName}:BaseUrl must be an absolute http(s) URL.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
