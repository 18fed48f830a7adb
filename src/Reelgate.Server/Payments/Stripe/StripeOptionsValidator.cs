using Microsoft.Extensions.Options;
using Reelgate.Core.Billing;

namespace Reelgate.Server.Payments.Stripe;

/// <summary>
/// The rules that span settings: when <c>Reelgate:Billing:PaymentProvider</c> is <c>stripe</c>, the API
/// key and the webhook secret are required and the URLs must be absolute. Reports every error at once.
/// A gateway on another provider never needs Stripe settings.
/// </summary>
internal sealed class StripeOptionsValidator(IOptions<BillingOptions> billing) : IValidateOptions<StripeOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(billing.Value.PaymentProvider.Trim(), StripePaymentProvider.ProviderName, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SecretKey))
        {
            errors.Add($"{StripeOptions.SectionName}:SecretKey is required when the payment provider is 'stripe'.");
        }
        else if (!(options.SecretKey.StartsWith("sk_", StringComparison.Ordinal) || options.SecretKey.StartsWith("rk_", StringComparison.Ordinal))
            || options.SecretKey.Any(char.IsWhiteSpace))
        {
            errors.Add($"{StripeOptions.SectionName}:SecretKey must be a secret (sk_…) or restricted (rk_…) API key, not a publishable key.");
        }

        if (string.IsNullOrWhiteSpace(options.WebhookSecret))
        {
            errors.Add($"{StripeOptions.SectionName}:WebhookSecret is required when the payment provider is 'stripe' (the webhook endpoint's signing secret, whsec_…).");
        }

        if (!IsHttpUrl(options.ApiBase))
        {
            errors.Add($"{StripeOptions.SectionName}:ApiBase must be an absolute http(s) URL.");
        }

        foreach (var (key, value) in new[] { ("SuccessUrl", options.SuccessUrl), ("CancelUrl", options.CancelUrl) })
        {
            if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var url) && IsHttpUrl(url)))
            {
                errors.Add($"{StripeOptions.SectionName}:{key} must be an absolute http(s) URL.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(Uri? url)
        => url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
}
