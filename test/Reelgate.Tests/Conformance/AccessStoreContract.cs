using Reelgate.Core.Ports;
using static Reelgate.Tests.Conformance.ContractData;

namespace Reelgate.Tests.Conformance;

public abstract class AccessStoreContract : StoreContract
{
    private DateTimeOffset Now => Store.Time.GetUtcNow();

    private ApiKeyRecord NewKey(string projectId, string projectName, string suffix)
        => new($"key_{suffix}", projectId, projectName, $"rg_{suffix}", new string(suffix[0], 64), Now, null);

    // ---- projects ----

    [Fact]
    public async Task EnsureProject_creates_once_and_a_second_instance_sees_the_project()
    {
        var (id, created) = await Store.Access.EnsureProjectAsync("acme", Store.Time.GetUtcNow(), CancellationToken);
        var (again, createdAgain) = await Store.OpenInstance().Access.EnsureProjectAsync("acme", Store.Time.GetUtcNow(), CancellationToken);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(id, again);
        Assert.Equal(id, await Store.OpenInstance().Access.FindProjectIdAsync("acme", CancellationToken));
    }

    [Fact]
    public async Task EnsureProject_gives_each_name_its_own_project_and_FindProjectId_of_an_unknown_name_is_null()
    {
        var (acme, _) = await Store.Access.EnsureProjectAsync("acme", Now, CancellationToken);
        var (other, _) = await Store.Access.EnsureProjectAsync("other", Now, CancellationToken);
        var (again, createdAgain) = await Store.Access.EnsureProjectAsync("acme", Now, CancellationToken);

        Assert.NotEqual(acme, other);
        Assert.Equal((acme, false), (again, createdAgain));
        Assert.Equal(acme, await Store.Access.FindProjectIdAsync("acme", CancellationToken));
        Assert.Equal(other, await Store.Access.FindProjectIdAsync("other", CancellationToken));
        Assert.Null(await Store.Access.FindProjectIdAsync("missing", CancellationToken));
    }

    [Fact]
    public async Task EnsureProject_of_one_name_from_many_instances_at_once_creates_one_project()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Store.OpenInstance()).ToList();
        var gate = NewGate();

        var calls = Enumerable.Range(0, 24).Select(i => Task.Run(
            async () =>
            {
                await gate.Task;
                return await instances[i % 3].Access.EnsureProjectAsync("acme", Now, CancellationToken);
            },
            CancellationToken)).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.Single(results, r => r.Created);
        var id = Assert.Single(results.Select(r => r.ProjectId).Distinct(StringComparer.Ordinal));
        var project = Assert.Single(await Store.Access.ListProjectsAsync(CancellationToken));
        Assert.Equal((id, "acme"), (project.ProjectId, project.Name));
    }

    [Fact]
    public async Task ListProjects_lists_every_project_once_with_its_name_and_creation_time()
    {
        Assert.Empty(await Store.Access.ListProjectsAsync(CancellationToken));
        var expected = new List<ProjectRecord>();
        foreach (var name in new[] { "zeta", "acme", "mid" })
        {
            var (id, _) = await Store.Access.EnsureProjectAsync(name, Now, CancellationToken);
            expected.Add(new ProjectRecord(id, name, Now));
            Store.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await Store.Access.EnsureProjectAsync("acme", Now, CancellationToken);
        var listed = await Store.OpenInstance().Access.ListProjectsAsync(CancellationToken);

        Assert.Equal(expected.OrderBy(p => p.ProjectId, StringComparer.Ordinal), listed.OrderBy(p => p.ProjectId, StringComparer.Ordinal));
    }

    // ---- keys ----

    [Fact]
    public async Task AddKey_then_FindProjectByKeyHash_finds_the_project_of_the_key()
    {
        var (acme, _) = await Store.Access.EnsureProjectAsync("acme", Now, CancellationToken);
        var (other, _) = await Store.Access.EnsureProjectAsync("other", Now, CancellationToken);
        var acmeKey = NewKey(acme, "acme", "a1");
        var otherKey = NewKey(other, "other", "b1");

        await Store.Access.AddKeyAsync(acmeKey, CancellationToken);
        await Store.Access.AddKeyAsync(otherKey, CancellationToken);
        var access = Store.OpenInstance().Access;

        Assert.Equal(acme, await access.FindProjectByKeyHashAsync(acmeKey.Hash, CancellationToken));
        Assert.Equal(other, await access.FindProjectByKeyHashAsync(otherKey.Hash, CancellationToken));
        Assert.Null(await access.FindProjectByKeyHashAsync(new string('f', 64), CancellationToken));
    }

    [Fact]
    public async Task ListKeys_lists_every_key_with_its_project_name()
    {
        var (acme, _) = await Store.Access.EnsureProjectAsync("acme", Now, CancellationToken);
        var (other, _) = await Store.Access.EnsureProjectAsync("other", Now, CancellationToken);
        var keys = new List<ApiKeyRecord>();
        foreach (var (project, name, suffix) in new[] { (acme, "acme", "a1"), (other, "other", "b1"), (acme, "acme", "c1") })
        {
            var key = NewKey(project, name, suffix);
            await Store.Access.AddKeyAsync(key, CancellationToken);
            keys.Add(key);
            Store.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var listed = await Store.OpenInstance().Access.ListKeysAsync(CancellationToken);

        Assert.Equal(keys.OrderBy(k => k.KeyId, StringComparer.Ordinal), listed.OrderBy(k => k.KeyId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task RevokeKey_stops_the_key_at_once_and_a_second_revoke_is_false()
    {
        var (acme, _) = await Store.Access.EnsureProjectAsync("acme", Now, CancellationToken);
        var revoked = NewKey(acme, "acme", "a1");
        var kept = NewKey(acme, "acme", "b1");
        await Store.Access.AddKeyAsync(revoked, CancellationToken);
        await Store.Access.AddKeyAsync(kept, CancellationToken);
        var reader = Store.OpenInstance().Access;
        Assert.Equal(acme, await reader.FindProjectByKeyHashAsync(revoked.Hash, CancellationToken));
        Store.Time.Advance(TimeSpan.FromMinutes(3));

        var first = await Store.Access.RevokeKeyAsync(revoked.KeyId, Now, CancellationToken);
        var second = await Store.OpenInstance().Access.RevokeKeyAsync(revoked.KeyId, Now, CancellationToken);
        var unknown = await Store.Access.RevokeKeyAsync("key_unknown", Now, CancellationToken);

        Assert.Equal((true, false, false), (first, second, unknown));
        Assert.Null(await reader.FindProjectByKeyHashAsync(revoked.Hash, CancellationToken));
        Assert.Null(await Store.Access.FindProjectByKeyHashAsync(revoked.Hash, CancellationToken));
        Assert.Equal(acme, await reader.FindProjectByKeyHashAsync(kept.Hash, CancellationToken));
        var listed = (await Store.Access.ListKeysAsync(CancellationToken)).ToDictionary(k => k.KeyId, StringComparer.Ordinal);
        Assert.Equal(revoked with { RevokedAt = Now }, listed[revoked.KeyId]);
        Assert.Equal(kept, listed[kept.KeyId]);
    }

    [Fact]
    public async Task RevokeKey_from_two_instances_concurrently_succeeds_exactly_once()
    {
        var (acme, _) = await Store.Access.EnsureProjectAsync("acme", Now, CancellationToken);
        var key = NewKey(acme, "acme", "a1");
        await Store.Access.AddKeyAsync(key, CancellationToken);
        var instances = new[] { Store.Primary, Store.OpenInstance() };
        var gate = NewGate();

        var calls = Enumerable.Range(0, 10).Select(i => Task.Run(
            async () =>
            {
                await gate.Task;
                return await instances[i % 2].Access.RevokeKeyAsync(key.KeyId, Now, CancellationToken);
            },
            CancellationToken)).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.Single(results, r => r);
        Assert.Null(await Store.Access.FindProjectByKeyHashAsync(key.Hash, CancellationToken));
    }
}

public sealed class SqliteAccessStoreContract : AccessStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => SqliteStoreHarness.CreateAsync();
}

public sealed class PostgresAccessStoreContract : AccessStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => PostgresStoreHarness.CreateAsync();
}
