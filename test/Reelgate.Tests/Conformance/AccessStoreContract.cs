using Reelgate.Core.Ports;

namespace Reelgate.Tests.Conformance;

public abstract class AccessStoreContract : StoreContract
{
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
}

public sealed class SqliteAccessStoreContract : AccessStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => SqliteStoreHarness.CreateAsync();
}

public sealed class PostgresAccessStoreContract : AccessStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => PostgresStoreHarness.CreateAsync();
}
