namespace Reelgate.Tests.Conformance;

/// <summary>
/// Base of the store contract suites. Each suite is an abstract class of facts written against the
/// ports only; a sealed subclass per provider (<c>Sqlite…</c>, <c>Postgres…</c>) runs it on that
/// provider, each fact on a fresh, empty database.
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    private StoreHarness? _store;

    protected StoreHarness Store => _store ?? throw new InvalidOperationException("The harness is created in InitializeAsync.");

    protected static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = await CreateHarnessAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract ValueTask<StoreHarness> CreateHarnessAsync();
}
