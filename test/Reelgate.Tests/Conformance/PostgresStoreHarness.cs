using Npgsql;
using Reelgate.Testing;

namespace Reelgate.Tests.Conformance;

/// <summary>
/// A fresh schema in the test PostgreSQL server (<c>REELGATE_TEST_POSTGRES</c>), reached through
/// <c>Search Path</c> so the provider's unqualified SQL lands there; dropped on dispose.
/// </summary>
public sealed class PostgresStoreHarness : StoreHarness
{
    private readonly string _adminConnectionString;

    private PostgresStoreHarness(string adminConnectionString)
    {
        _adminConnectionString = adminConnectionString;
        Schema = "rg_" + Guid.NewGuid().ToString("N");
        // The application name lets a test find this harness's own sessions among parallel tests'.
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { SearchPath = Schema, ApplicationName = Schema }.ConnectionString;
    }

    public string Schema { get; }

    /// <summary>The connection string the stores use (with <c>Search Path</c> set to <see cref="Schema"/>).</summary>
    public string ConnectionString { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Reelgate"] = ConnectionString,
        ["Reelgate:Storage:Provider"] = "Postgres",
    };

    public static async ValueTask<StoreHarness> CreateAsync()
    {
        var harness = new PostgresStoreHarness(TestServices.Postgres);
        await harness.AdminAsync($"CREATE SCHEMA \"{harness.Schema}\"", TestContext.Current.CancellationToken);
        return harness;
    }

    public override async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();

        // Pooled connections keep their search path and session; close them before the schema goes.
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", CancellationToken.None);
    }

    /// <summary>Ends this harness's sessions whose current query starts with <paramref name="queryPrefix"/>, as a network failure would.</summary>
    public async Task<long> TerminateSessionsAsync(string queryPrefix, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE $2 AND pid <> pg_backend_pid()",
            connection);
        command.Parameters.AddWithValue(Schema);
        command.Parameters.AddWithValue(queryPrefix + "%");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
