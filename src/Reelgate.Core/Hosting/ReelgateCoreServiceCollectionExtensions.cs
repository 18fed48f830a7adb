using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reelgate.Core.Access;
using Reelgate.Core.Billing;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Events;
using Reelgate.Core.Hosting;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Retention;
using Reelgate.Core.Routing;
using Reelgate.Core.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

internal static class ReelgateCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the use cases, router and options, and answers the builder that storage, vendors and
    /// workers chain onto (<c>.AddStorage().AddLocalVendor().AddHttpVendors().AddWorkers()</c>).
    /// </summary>
    public static IReelgateBuilder AddReelgate(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ReelgateOptions>().BindConfiguration(ReelgateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DispatcherOptions>().BindConfiguration(DispatcherOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IVendorHealth, AlwaysHealthy>();
        services.TryAddSingleton<IOutboundUrlPolicy, AllowAllOutboundUrls>();
        services.TryAddSingleton<VendorRegistry>();
        services.TryAddSingleton(sp => sp.GetRequiredService<VendorRegistry>().Catalog);
        services.TryAddSingleton<Router>();
        services.TryAddSingleton<ActiveJobs>();
        services.TryAddSingleton<VendorPacing>();
        services.TryAddSingleton<DispatchSignal>();
        services.TryAddSingleton<JobEventHub>();
        services.TryAddSingleton<JobIdGenerator>();
        services.TryAddSingleton<ReelgateMetrics>();
        services.TryAddSingleton<DispatchGauges>();
        services.TryAddSingleton<IdempotentWrites>();
        services.TryAddSingleton<JobService>();
        services.TryAddSingleton<JobWaiter>();
        services.TryAddSingleton<AccessService>();
        services.TryAddSingleton<BillingService>();
        services.TryAddKeyedSingleton<IPaymentProvider, ManualPaymentProvider>(ManualPaymentProvider.ProviderName);
        services.TryAddSingleton<OutputIngestor>();
        services.TryAddSingleton<SpritesheetMaker>();
        services.TryAddSingleton<JobRunner>();
        return new ReelgateBuilder(services, configuration);
    }

    /// <summary>Adds the background workers: the dispatcher and the retention sweeper.</summary>
    public static IReelgateBuilder AddWorkers(this IReelgateBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<JobDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<JobDispatcher>());
        services.TryAddSingleton<RetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        return builder;
    }
}
