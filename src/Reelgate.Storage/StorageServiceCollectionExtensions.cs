using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Reelgate.Core.Billing;
using Reelgate.Core.Events;
using Reelgate.Core.Hosting;
using Reelgate.Core.Ports;
using Reelgate.Core.Webhooks;
using Reelgate.Storage;
using Reelgate.Storage.FileSystem;
using Reelgate.Storage.Relational;
using Reelgate.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

public static partial class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The stores named by <c>Reelgate:Storage:Provider</c> and <c>Reelgate:Storage:Blobs</c>
    /// (SQLite and files by default).
    /// </summary>
    public static IReelgateBuilder AddStorage(this IReelgateBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var storage = ReadStorageOptions(builder.Configuration);
        _ = storage.Provider switch
        {
            StorageProvider.Postgres => services.AddPostgresStorage(),
            _ => services.AddSqliteStorage(),
        };
        _ = storage.Blobs switch
        {
            BlobProvider.S3 => services.AddS3Blobs(),
            _ => services.AddFileSystemBlobs(),
        };
        return builder;
    }

    /// <summary>The embedded default: a SQLite file and blob files under the data directory.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services)
    {
        services.AddOptions<SqliteStorageOptions>().BindConfiguration(SqliteStorageOptions.SectionName);
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, DatabaseReadinessCheck>(sp => new DatabaseReadinessCheck(sp.GetRequiredService<SqliteDatabase>())));
        services.AddHostedService(sp => new SchemaMigrationService(async ct => await (await sp.GetRequiredService<SqliteDatabase>().OpenAsync(ct)).DisposeAsync()));
        services.AddJobStores(sp => sp.GetRequiredService<SqliteDatabase>(), SqliteDialect.Instance);
        services.TryAddSingleton<IAccessStore>(sp => new RelationalAccessStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<ILedgerStore>(sp => new RelationalLedgerStore(sp.GetRequiredService<SqliteDatabase>(), SqliteDialect.Instance));
        services.TryAddSingleton<IWebhookStore>(sp => new RelationalWebhookStore(sp.GetRequiredService<SqliteDatabase>(), SqliteDialect.Instance));
        return services;
    }

    /// <summary>
    /// One relational job store, wrapped to signal job events, registered as each of the ports its
    /// callers use (the API, the dispatcher, settlement, retention).
    /// </summary>
    private static void AddJobStores(this IServiceCollection services, Func<IServiceProvider, IRelationalDatabase> database, IRelationalDialect dialect)
    {
        services.TryAddSingleton(sp => NotifyingJobStore.Over(
            new RelationalJobStore(database(sp), dialect, sp.GetRequiredService<IOptions<WebhookOptions>>()),
            sp.GetRequiredService<JobEventHub>()));
        services.TryAddSingleton<IJobStore>(sp => sp.GetRequiredService<NotifyingJobStore>());
        services.TryAddSingleton<IDispatchStore>(sp => sp.GetRequiredService<NotifyingJobStore>());
        services.TryAddSingleton<ISettlementStore>(sp => sp.GetRequiredService<NotifyingJobStore>());
        services.TryAddSingleton<IRetentionStore>(sp => sp.GetRequiredService<NotifyingJobStore>());
    }

    public static IServiceCollection AddFileSystemBlobs(this IServiceCollection services)
        => services.AddCheckedBlobStore<FileSystemBlobStore>();

    /// <summary>One instance is both the blob store and its own readiness check.</summary>
    private static IServiceCollection AddCheckedBlobStore<TStore>(this IServiceCollection services)
        where TStore : class, IBlobStore, IReadinessCheck
    {
        services.TryAddSingleton<TStore>();
        services.TryAddSingleton<IBlobStore>(sp => sp.GetRequiredService<TStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, TStore>(sp => sp.GetRequiredService<TStore>()));
        return services;
    }

    private static StorageOptions ReadStorageOptions(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the value but not the choices.
            throw new InvalidOperationException(
                $"{StorageOptions.SectionName}: Provider must be one of {string.Join(", ", Enum.GetNames<StorageProvider>())} " +
                $"and Blobs one of {string.Join(", ", Enum.GetNames<BlobProvider>())}. {ex.Message}",
                ex);
        }
    }
}
