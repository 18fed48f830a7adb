using Npgsql;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.ScaleOut;

/// <summary>
/// A fresh PostgreSQL database on the test server and a fresh key prefix in the s3rver bucket: what
/// several gateway nodes share. The database is dropped on dispose.
/// </summary>
internal sealed class ScaleOutEnvironment : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private ScaleOutEnvironment(string adminConnectionString, string database)
    {
        _adminConnectionString = adminConnectionString;
        Database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString;
        KeyPrefix = database + "/";
    }

    public string Database { get; }

    public string ConnectionString { get; }

    public string KeyPrefix { get; }

    /// <summary>Settings for <see cref="Infrastructure.GatewayProcess"/>: PostgreSQL and S3.</summary>
    public (string Key, string Value)[] NodeSettings =>
    [
        ("ConnectionStrings:Reelgate", ConnectionString),
        ("Storage:Provider", "Postgres"),
        ("Storage:Blobs", "S3"),
        ("Storage:S3:ServiceUrl", TestServices.S3),
        ("Storage:S3:Bucket", TestServices.S3Bucket),
        ("Storage:S3:ForcePathStyle", "true"),
        ("Storage:S3:AccessKey", TestServices.S3AccessKey),
        ("Storage:S3:SecretKey", TestServices.S3SecretKey),
        ("Storage:S3:KeyPrefix", KeyPrefix),
    ];

    public static async Task<ScaleOutEnvironment> CreateAsync()
    {
        var admin = TestServices.Postgres;
        _ = TestServices.S3;
        var database = "rg_nodes_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return new ScaleOutEnvironment(admin, database);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="sql"/> as the server's administrator, outside this database.</summary>
    public async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
