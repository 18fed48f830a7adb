using Reelgate.Core.Ports;

namespace Reelgate.Core.Access;

/// <summary>Operator use cases on projects and keys.</summary>
public sealed class AccessService(IAccessStore store, TimeProvider time)
{
    public async Task<(ApiKeyRecord Record, string Secret)> CreateKeyAsync(string projectName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        var now = time.GetUtcNow();
        var projectId = await store.EnsureProjectAsync(projectName.Trim(), now, cancellationToken);
        var key = ApiKeys.Create();
        var record = new ApiKeyRecord(key.KeyId, projectId, projectName.Trim(), key.DisplayPrefix, key.Hash, now, null);
        await store.AddKeyAsync(record, cancellationToken);
        return (record, key.Secret);
    }

    public Task<string?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
        => secret.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal)
            ? store.FindProjectByKeyHashAsync(ApiKeys.Hash(secret), cancellationToken)
            : Task.FromResult<string?>(null);

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(CancellationToken cancellationToken) => store.ListKeysAsync(cancellationToken);

    public Task<bool> RevokeKeyAsync(string keyId, CancellationToken cancellationToken) => store.RevokeKeyAsync(keyId, time.GetUtcNow(), cancellationToken);
}
