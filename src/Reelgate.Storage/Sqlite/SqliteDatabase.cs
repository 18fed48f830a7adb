using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Reelgate.Core.Diagnostics;
using Reelgate.Core.Hosting;
using Reelgate.Storage.Relational;

namespace Reelgate.Storage.Sqlite;

/// <summary>
/// Owns the connection string of the SQLite file and applies the numbered migrations once, before
/// the first connection is handed out.
/// </summary>
internal sealed class SqliteDatabase : IRelationalDatabase, IDisposable
{
    private readonly SemaphoreSlim _migrationLock = new(1, 1);

    // SQLite has one writer at a time. Queueing this process's writers here is fair (FIFO) and
    // cheap; left to SQLite's busy handler they would sleep and retry, and the tail latency of
    // concurrent generates grows to hundreds of milliseconds.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly IOptions<ReelgateOptions> _options;
    private readonly IOptions<SqliteStorageOptions> _sqliteOptions;
    private readonly TimeProvider _time;
    private readonly ReelgateMetrics _metrics;
    private string? _connectionString;

    public SqliteDatabase(IOptions<ReelgateOptions> options, IOptions<SqliteStorageOptions> sqliteOptions, TimeProvider time, ReelgateMetrics metrics)
    {
        _options = options;
        _sqliteOptions = sqliteOptions;
        _time = time;
        _metrics = metrics;
        Reads = new SqliteReadSessions(OpenAsync);
    }

    /// <summary>Prepared-statement sessions for hot point reads.</summary>
    public SqliteReadSessions Reads { get; }

    public string FilePath => Path.GetFullPath(Path.Combine(_options.Value.DataDirectory, _sqliteOptions.Value.FileName));

    public void Dispose()
    {
        Reads.Dispose();
        _migrationLock.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE) and commits it.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            _metrics.DatabaseWrite("sqlite");
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    async Task<DbConnection> IRelationalDatabase.OpenAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    Task<T> IRelationalDatabase.WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
        => WriteAsync<T>(work, cancellationToken);

    // Even a single statement queues behind the write gate, for the fairness reason above.
    Task<T> IRelationalDatabase.WriteStatementAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> statement, CancellationToken cancellationToken)
        => WriteAsync<T>(statement, cancellationToken);

    Task<T> IRelationalDatabase.ReadRowAsync<T>(string sql, string[] arguments, Func<DbDataReader, T> readRow, T none, CancellationToken cancellationToken)
        => Reads.ReadAsync(
            sql,
            parameters =>
            {
                for (var i = 0; i < arguments.Length; i++)
                {
                    parameters.AddWithValue(ParameterName(i), arguments[i]);
                }
            },
            reader => reader.Read() ? readRow(reader) : none,
            cancellationToken);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connectionString = _connectionString ?? await InitializeAsync(cancellationToken);
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task<string> InitializeAsync(CancellationToken cancellationToken)
    {
        await _migrationLock.WaitAsync(cancellationToken);
        try
        {
            if (_connectionString is not null)
            {
                return _connectionString;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = FilePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();

            await using (var connection = new SqliteConnection(connectionString))
            {
                await connection.OpenAsync(cancellationToken);

                // WAL lets readers run beside the single writer; it is a property of the file, set once.
                await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
                await MigrateAsync(connection, cancellationToken);
            }

            _connectionString = connectionString;
            return connectionString;
        }
        finally
        {
            _migrationLock.Release();
        }
    }

    private async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        foreach (var (version, name, sql) in LoadMigrations())
        {
            // BEGIN IMMEDIATE takes the write lock, so two processes starting together apply each file once.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var applied = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition("SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, transaction, cancellationToken: cancellationToken));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)",
                    new { version, name, now = _time.GetUtcNow().ToUnixTimeMilliseconds() },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    // SQLite reads $1 as a named parameter; constants spare the hot path a string per call.
    private static string ParameterName(int index) => index switch
    {
        0 => "$1",
        1 => "$2",
        2 => "$3",
        _ => "$" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Embedded <c>Migrations/NNN_name.sql</c> files in version order.</summary>
    internal static IEnumerable<(int Version, string Name, string Sql)> LoadMigrations() => EmbeddedMigrations.Load("Sqlite");
}
