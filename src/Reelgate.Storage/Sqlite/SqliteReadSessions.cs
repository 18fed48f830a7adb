using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Reelgate.Storage.Sqlite;

/// <summary>
/// Open read connections that keep their prepared statements. Microsoft.Data.Sqlite prepares a
/// command's SQL again for every new command, and on the status hot path that parse costs more
/// than the lookup itself; a session reuses one prepared command per SQL text.
/// </summary>
internal sealed class SqliteReadSessions(Func<CancellationToken, Task<SqliteConnection>> open) : IDisposable
{
    private const int MaxIdleSessions = 32;
    private readonly ConcurrentBag<Session> _idle = [];

    public async Task<T> ReadAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        var session = _idle.TryTake(out var idle) ? idle : new Session(await open(cancellationToken));
        try
        {
            var command = session.Prepare(sql);
            bind(command.Parameters);
            T result;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                result = read(reader);
            }

            if (_idle.Count < MaxIdleSessions)
            {
                _idle.Add(session);
                session = null;
            }

            return result;
        }
        finally
        {
            session?.Dispose();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    private sealed class Session(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteCommand Prepare(string sql)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                command.Prepare();
                _commands[sql] = command;
            }

            command.Parameters.Clear();
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }
}
