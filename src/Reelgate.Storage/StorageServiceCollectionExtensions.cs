using Microsoft.Extensions.DependencyInjection.Extensions;
using Reelgate.Core.Billing;
using Reelgate.Core.Events;
using Reelgate.Core.Ports;
using Reelgate.Core.Webhooks;
using Reelgate.Storage.FileSystem;
using Reelgate.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The embedded default: a SQLite file and blob files under the data directory.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services)
    {
        services.AddOptions<SqliteStorageOptions>().BindConfiguration(SqliteStorageOptions.SectionName);
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<SqliteJobStore>();
        services.TryAddSingleton<IJobStore>(sp => new NotifyingJobStore(sp.GetRequiredService<SqliteJobStore>(), sp.GetRequiredService<JobEventHub>()));
        services.TryAddSingleton<IAccessStore, SqliteAccessStore>();
        services.TryAddSingleton<ILedgerStore, SqliteLedgerStore>();
        services.TryAddSingleton<IWebhookStore, SqliteWebhookStore>();
        return services;
    }

    public static IServiceCollection AddFileSystemBlobs(this IServiceCollection services)
    {
        services.TryAddSingleton<IBlobStore, FileSystemBlobStore>();
        return services;
    }
}
