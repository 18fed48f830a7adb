using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Reelgate.Core.Hosting;
using Reelgate.Storage.Sqlite;
using Reelgate.Tests.TestSupport;

namespace Reelgate.Tests.Storage;

/// <summary>A real SQLite file in a fresh temp directory, with a fake clock; removed on dispose.</summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<SqliteDatabase> _opened = [];

    public SqliteTestDatabase()
    {
        Database = Open();
    }

    public TempDirectory Directory { get; } = new("reelgate-sqlite-tests-");

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The metrics the databases record into (write counts), on a meter factory of this database's own.</summary>
    public Reelgate.Core.Diagnostics.ReelgateMetrics Metrics { get; } = new(new Reelgate.Testing.TestMeterFactory());

    public SqliteDatabase Database { get; }

    public IOptions<ReelgateOptions> DataOptions => Microsoft.Extensions.Options.Options.Create(new ReelgateOptions { DataDirectory = Directory.Path });

    /// <summary>Another <see cref="SqliteDatabase"/> on the same file, as a second process would have.</summary>
    public SqliteDatabase Open()
    {
        var database = new SqliteDatabase(DataOptions, Microsoft.Extensions.Options.Options.Create(new SqliteStorageOptions()), Time, Metrics);
        _opened.Add(database);
        return database;
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; close them so the directory can go.
        foreach (var database in _opened)
        {
            if (File.Exists(database.FilePath))
            {
                await using var connection = await database.OpenAsync(CancellationToken.None);
                SqliteConnection.ClearPool(connection);
            }
        }

        Directory.Dispose();
    }
}
