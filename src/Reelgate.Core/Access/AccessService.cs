using Microsoft.Extensions.Options;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Core.Access;

/// <summary>Operator use cases on projects and keys.</summary>
public sealed class AccessService(IAccessStore store, ILedgerStore ledger, IOptions<BillingOptions> billing, TimeProvider time)
{
    /// <summary>Creates the project if needed (granting the configured sign-up credit once) and a new key.</summary>
    public async Task<(ApiKeyRecord Record, string Secret)> CreateKeyAsync(string projectName, CancellationToken cancellationToken)
    {
        var (projectId, _) = await CreateProjectAsync(projectName, cancellationToken);
        var now = time.GetUtcNow();
        var key = ApiKeys.Create();
        var record = new ApiKeyRecord(key.KeyId, projectId, projectName.Trim(), key.DisplayPrefix, key.Hash, now, null);
        await store.AddKeyAsync(record, cancellationToken);
        return (record, key.Secret);
    }

    public async Task<(string ProjectId, bool Created)> CreateProjectAsync(string projectName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        var now = time.GetUtcNow();
        var (projectId, created) = await store.EnsureProjectAsync(projectName.Trim(), now, cancellationToken);
        if (created && billing.Value.InitialGrantUsd > 0)
        {
            await ledger.GrantAsync(projectId, Money.ToMicros(billing.Value.InitialGrantUsd), "sign-up credit", now, cancellationToken);
        }

        return (projectId, created);
    }

    public Task<string?> FindProjectIdAsync(string projectName, CancellationToken cancellationToken) => store.FindProjectIdAsync(projectName.Trim(), cancellationToken);

    public Task<IReadOnlyList<ProjectRecord>> ListProjectsAsync(CancellationToken cancellationToken) => store.ListProjectsAsync(cancellationToken);

    public Task<string?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
        => secret.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal)
            ? store.FindProjectByKeyHashAsync(ApiKeys.Hash(secret), cancellationToken)
            : Task.FromResult<string?>(null);

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(CancellationToken cancellationToken) => store.ListKeysAsync(cancellationToken);

    public Task<bool> RevokeKeyAsync(string keyId, CancellationToken cancellationToken) => store.RevokeKeyAsync(keyId, time.GetUtcNow(), cancellationToken);
}
