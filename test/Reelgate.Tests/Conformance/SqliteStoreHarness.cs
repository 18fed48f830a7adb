using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Reelgate.Storage.Sqlite;
using Reelgate.Tests.TestSupport;

namespace Reelgate.Tests.Conformance;

/// <summary>A SQLite file in a fresh temp directory.</summary>
public sealed class SqliteStoreHarness : StoreHarness
{
    private readonly TempDirectory _directory = new("reelgate-conformance-");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Reelgate:DataDirectory"] = _directory.Path,
        ["Reelgate:Storage:Provider"] = "Sqlite",
    };

    public static ValueTask<StoreHarness> CreateAsync() => ValueTask.FromResult<StoreHarness>(new SqliteStoreHarness());

    public override async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await Primary.Services.GetRequiredService<SqliteDatabase>().OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();

        // Pooled connections keep the file open; close them so the directory can go.
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
