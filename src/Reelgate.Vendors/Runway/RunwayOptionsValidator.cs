using Microsoft.Extensions.Options;

namespace Reelgate.Vendors.Runway;

/// <summary>Checks the settings an enabled Runway adapter cannot work without, reporting every problem at once.</summary>
internal sealed class RunwayOptionsValidator : IValidateOptions<RunwayOptions>
{
    public ValidateOptionsResult Validate(string? name, RunwayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            errors.Add("Reelgate:Vendors:Runway:ApiKey is required when Runway is enabled.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            errors.Add("Reelgate:Vendors:Runway:BaseUrl must be an absolute http(s) URL.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
