using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Reelgate.Core.Diagnostics;
using Reelgate.Storage.Relational;

namespace Reelgate.Storage.Postgres;

/// <summary>
/// Owns the <see cref="NpgsqlDataSource"/> of <c>ConnectionStrings:Reelgate</c> and applies the
/// numbered migrations once, before the first connection is handed out, however many gateway
/// processes start together.
/// </summary>
internal sealed class PostgresDatabase : IRelationalDatabase, IAsyncDisposable, IDisposable
{
    /// <summary>
    /// The session advisory lock (two-int key) that serialises migrations across processes. Project
    /// locks use one-bigint keys, which PostgreSQL keeps apart from two-int keys, so they never collide.
    /// </summary>
    private const int LockClass = 0x5265_656C;
    private const int MigrationLock = 1;

    /// <summary>Npgsql's default (0) prepares nothing; the hot point reads repeat a handful of statements.</summary>
    private const int DefaultMaxAutoPrepare = 64;

    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly ReelgateMetrics _metrics;
    private volatile bool _migrated;

    public PostgresDatabase(IConfiguration configuration, TimeProvider time, ReelgateMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(StorageOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{StorageOptions.ConnectionStringName} is not set. Reelgate:Storage:Provider=Postgres needs a PostgreSQL " +
                $"connection string there (environment: ConnectionStrings__{StorageOptions.ConnectionStringName}).");
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        // Npgsql resets a pooled connection's session each time it goes back to the pool: with prepared
        // statements that is seven statements, half of all the statements a job costs. The gateway leaves no
        // session state behind (transaction-scoped locks, no SET or temp tables; the listener UNLISTENs and the
        // migration lock is released before its connection closes), so it skips the reset unless the
        // connection string asks for one.
        if (!MentionsResetOnClose(connectionString))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        DataSource = builder.Build();
        _time = time;
        _metrics = metrics;
    }

    private static bool MentionsResetOnClose(string connectionString)
        => connectionString.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase);

    /// <summary>The data source; use <see cref="OpenAsync"/> so that migrations run first.</summary>
    public NpgsqlDataSource DataSource { get; }

    public void Dispose()
    {
        DataSource.Dispose();
        _migrationGate.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        _migrationGate.Dispose();
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken);
        }

        return await DataSource.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one READ COMMITTED transaction and commits it. Unlike SQLite,
    /// writers run side by side here: each piece of work locks what it depends on explicitly
    /// (conditional updates, <c>FOR UPDATE</c>, project locks).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        _metrics.DatabaseWrite("postgres");
        return result;
    }

    /// <summary>A one-statement read on a pooled connection, without Dapper (status and auth hot paths).</summary>
    public async Task<T> ReadAsync<T>(string sql, Action<NpgsqlParameterCollection> bind, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await read(reader, cancellationToken);
    }

    async Task<DbConnection> IRelationalDatabase.OpenAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    Task<T> IRelationalDatabase.WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
        => WriteAsync<T>(work, cancellationToken);

    async Task<T> IRelationalDatabase.WriteStatementAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        await using var connection = await OpenAsync(cancellationToken);
        var result = await statement(connection, null);
        _metrics.DatabaseWrite("postgres");
        return result;
    }

    Task<T> IRelationalDatabase.ReadRowAsync<T>(string sql, string[] arguments, Func<DbDataReader, T> readRow, T none, CancellationToken cancellationToken)
        => ReadAsync(
            sql,
            parameters =>
            {
                foreach (var argument in arguments)
                {
                    parameters.Add(new NpgsqlParameter<string> { TypedValue = argument });
                }
            },
            async (reader, ct) => await reader.ReadAsync(ct) ? readRow(reader) : none,
            cancellationToken);

    /// <summary>Embedded <c>Postgres/Migrations/NNN_name.sql</c> files in version order.</summary>
    internal static IEnumerable<(int Version, string Name, string Sql)> LoadMigrations() => EmbeddedMigrations.Load("Postgres");

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _migrationGate.WaitAsync(cancellationToken);
        try
        {
            if (_migrated)
            {
                return;
            }

            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);

            // Held for the whole run, so processes that start together on an empty database wait
            // for the first one and then find every migration applied. CREATE TABLE IF NOT EXISTS
            // alone is not enough: two sessions can both pass the check.
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_lock(@LockClass, @MigrationLock)", new { LockClass, MigrationLock }, cancellationToken: cancellationToken));
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)",
                    cancellationToken: cancellationToken));
                var applied = (await connection.QueryAsync<int>(new CommandDefinition(
                    "SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
                foreach (var (version, name, sql) in LoadMigrations().Where(m => !applied.Contains(m.Version)))
                {
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                    await connection.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)",
                        new { version, name, now = _time.GetUtcNow().ToUnixTimeMilliseconds() },
                        transaction,
                        cancellationToken: cancellationToken));
                    await transaction.CommitAsync(cancellationToken);
                }
            }
            finally
            {
                // A broken connection drops the lock with the session; a cancelled run must not keep it.
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "SELECT pg_advisory_unlock(@LockClass, @MigrationLock)", new { LockClass, MigrationLock }, cancellationToken: CancellationToken.None));
                }
            }

            _migrated = true;
        }
        finally
        {
            _migrationGate.Release();
        }
    }
}
