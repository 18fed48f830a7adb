using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Reelgate.Core.Billing;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Events;
using Reelgate.Core.Ports;
using Reelgate.Core.Webhooks;
using Reelgate.Storage;
using Reelgate.Storage.Postgres;
using Reelgate.Storage.Relational;

namespace Microsoft.Extensions.DependencyInjection;

public static partial class StorageServiceCollectionExtensions
{
    /// <summary>Scale-out: PostgreSQL at <c>ConnectionStrings:Reelgate</c>, shared by many gateway processes.</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<PostgresDatabase>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, DatabaseReadinessCheck>(sp => new DatabaseReadinessCheck(sp.GetRequiredService<PostgresDatabase>())));
        services.AddHostedService(sp => new SchemaMigrationService(async ct => await (await sp.GetRequiredService<PostgresDatabase>().OpenAsync(ct)).DisposeAsync()));
        services.AddJobStores(sp => sp.GetRequiredService<PostgresDatabase>(), PostgresDialect.Instance);
        services.TryAddSingleton<IAccessStore>(sp => new RelationalAccessStore(sp.GetRequiredService<PostgresDatabase>()));
        services.TryAddSingleton<ILedgerStore>(sp => new RelationalLedgerStore(sp.GetRequiredService<PostgresDatabase>(), PostgresDialect.Instance));
        services.TryAddSingleton<IWebhookStore>(sp => new RelationalWebhookStore(sp.GetRequiredService<PostgresDatabase>(), PostgresDialect.Instance));
        services.TryAddSingleton<PostgresJobEventListener>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresJobEventListener>(sp => sp.GetRequiredService<PostgresJobEventListener>()));

        // Other nodes hold live leases on this database: taking over every foreign lease at start
        // (what Single mode does) would run their jobs twice.
        services.PostConfigure<DispatcherOptions>(o => o.Mode = DispatchMode.Clustered);
        return services;
    }
}
