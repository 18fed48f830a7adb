namespace Reelgate.Core.Ports;

/// <summary>Projects and their API keys. Keys are stored only as SHA-256 hashes.</summary>
public interface IAccessStore
{
    /// <summary>Answers the project's id, creating the project when it does not exist (<c>Created</c> says which).</summary>
    Task<(string ProjectId, bool Created)> EnsureProjectAsync(string name, DateTimeOffset now, CancellationToken cancellationToken);

    Task<string?> FindProjectIdAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProjectRecord>> ListProjectsAsync(CancellationToken cancellationToken);

    Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The project of an active (not revoked) key, or null.</summary>
    Task<string?> FindProjectByKeyHashAsync(string keyHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key; false when there is no such active key.</summary>
    Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A stored API key: its id, project, a display prefix and the hash of the secret.</summary>
public sealed record ApiKeyRecord(
    string KeyId,
    string ProjectId,
    string ProjectName,
    string Prefix,
    string Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);

/// <summary>A project: the owner of keys, jobs and credit.</summary>
public sealed record ProjectRecord(string ProjectId, string Name, DateTimeOffset CreatedAt);
