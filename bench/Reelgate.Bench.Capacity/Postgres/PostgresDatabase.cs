using Npgsql;

namespace Reelgate.Bench.Capacity.Postgres;

/// <summary>
/// A throwaway database on a PostgreSQL server given by an admin connection string (eng/services.sh's
/// cluster, or the bench's own with <c>pg_stat_statements</c>), dropped when disposed. Also reads that
/// database's statement counts from <c>pg_stat_statements</c> when the server loads it.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _admin;

    private PostgresDatabase(NpgsqlDataSource admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The connection string of the new database, for <c>ConnectionStrings:Reelgate</c>.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync(string adminConnectionString, string prefix, CancellationToken cancellationToken)
    {
        var name = $"rg_capacity_{prefix}_{Environment.ProcessId}";
        var admin = NpgsqlDataSource.Create(adminConnectionString);
        await using (var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        // CAPACITY_POSTGRES_OPTIONS (e.g. "No Reset On Close=true") is added to the gateways' connection string, for experiments.
        var connectionString = new NpgsqlConnectionStringBuilder($"{adminConnectionString};{Env.String("CAPACITY_POSTGRES_OPTIONS")}") { Database = name }.ConnectionString;
        return new PostgresDatabase(admin, name, connectionString);
    }

    /// <summary>Calls of each statement of this database so far (<c>pg_stat_statements</c>, which the server must preload), by query text.</summary>
    public async Task<Dictionary<string, long>> StatementCallsAsync(CancellationToken cancellationToken)
    {
        await using (var extension = _admin.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
        {
            await extension.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var query = _admin.CreateCommand(
            "SELECT s.query, sum(s.calls)::bigint FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 GROUP BY s.query");
        query.Parameters.Add(new NpgsqlParameter { Value = Name });
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            calls[reader.GetString(0)] = reader.GetInt64(1);
        }

        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var drop = _admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await _admin.DisposeAsync();
        }
    }
}
