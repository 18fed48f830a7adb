using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reelgate.Core.Billing;

namespace Reelgate.Server.Payments.Stripe;

internal static class StripeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>stripe</c> payments provider, its options (validated at start; the cross-field rules
    /// apply only when <c>Reelgate:Billing:PaymentProvider</c> is <c>stripe</c>), the webhook processor and
    /// the answer for Stripe failures. The webhook endpoint is mapped by <see cref="StripeWebhookApi.MapStripeWebhook"/>.
    /// </summary>
    public static IServiceCollection AddStripePayments(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var stripe = services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.SectionName).ValidateDataAnnotations();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripeOptions>, StripeOptionsValidator>());
        if (string.Equals(configuration[$"{BillingOptions.SectionName}:{nameof(BillingOptions.PaymentProvider)}"]?.Trim(), StripePaymentProvider.ProviderName, StringComparison.OrdinalIgnoreCase))
        {
            stripe.ValidateOnStart();
        }

        services.AddHttpClient(StripePaymentProvider.HttpClientName)
            .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<StripeOptions>>().Value.RequestTimeout);
        services.TryAddKeyedSingleton<IPaymentProvider, StripePaymentProvider>(StripePaymentProvider.ProviderName);
        services.TryAddSingleton<StripeWebhookProcessor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, StripeExceptionHandler>());
        return services;
    }
}
