using System.Security.Cryptography;
using Dapper;
using Reelgate.Core.Ports;

namespace Reelgate.Storage.Relational;

/// <summary>Projects and API keys on SQLite and PostgreSQL alike.</summary>
internal sealed class RelationalAccessStore(IRelationalDatabase database) : IAccessStore
{
    public Task<(string ProjectId, bool Created)> EnsureProjectAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            // Where writers run concurrently, an insert of the same name makes this one wait and then
            // do nothing; the SELECT that follows (a new snapshot) sees the winner's row.
            var id = "proj_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO projects (id, name, created_at) VALUES (@id, @name, @now) ON CONFLICT (name) DO NOTHING",
                new { id, name, now = now.ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken));
            var existing = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT id FROM projects WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken));
            return (existing ?? id, inserted == 1);
        }, cancellationToken);

    public async Task<string?> FindProjectIdAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT id FROM projects WHERE name = @name", new { name }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ProjectRecord>> ListProjectsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string Name, long CreatedAt)>(new CommandDefinition(
            "SELECT id, name, created_at FROM projects ORDER BY name", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new ProjectRecord(r.Id, r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt)))];
    }

    public async Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, project_id, prefix, hash, created_at) VALUES (@KeyId, @ProjectId, @Prefix, @Hash, @createdAt)",
            new { key.KeyId, key.ProjectId, key.Prefix, key.Hash, createdAt = key.CreatedAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    // Every request authenticates, so this is the hottest query: a prepared statement, no cache,
    // so that a revoked key is refused from the next request on.
    public Task<string?> FindProjectByKeyHashAsync(string keyHash, CancellationToken cancellationToken)
        => database.ReadRowAsync<string?>(
            "SELECT project_id FROM api_keys WHERE hash = $1 AND revoked_at IS NULL",
            [keyHash],
            reader => reader.GetString(0),
            null,
            cancellationToken);

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string ProjectId, string Name, string Prefix, string Hash, long CreatedAt, long? RevokedAt)>(new CommandDefinition(
            """
            SELECT k.id, k.project_id, p.name, k.prefix, k.hash, k.created_at, k.revoked_at
            FROM api_keys k JOIN projects p ON p.id = k.project_id ORDER BY k.created_at, k.id
            """,
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new ApiKeyRecord(
            r.Id, r.ProjectId, r.Name, r.Prefix, r.Hash,
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
            r.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null))];
    }

    public async Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @keyId AND revoked_at IS NULL",
            new { keyId, now = now.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) == 1;
    }
}
