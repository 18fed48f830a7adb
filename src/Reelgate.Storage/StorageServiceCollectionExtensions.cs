using Microsoft.Extensions.DependencyInjection.Extensions;
using Reelgate.Core.Billing;
using Reelgate.Core.Ports;
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
        services.TryAddSingleton<IJobStore, SqliteJobStore>();
        services.TryAddSingleton<IAccessStore, SqliteAccessStore>();
        services.TryAddSingleton<ILedgerStore, SqliteLedgerStore>();
        return services;
    }

    public static IServiceCollection AddFileSystemBlobs(this IServiceCollection services)
    {
        services.TryAddSingleton<IBlobStore, FileSystemBlobStore>();
        return services;
    }
}
