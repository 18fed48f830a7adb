using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reelgate.Core.Billing;
using Reelgate.Core.Ports;
using Reelgate.Core.Webhooks;

namespace Reelgate.Tests.Conformance;

/// <summary>
/// One empty database of one storage provider, with the stores resolved exactly as the server
/// resolves them (<c>AddReelgate(configuration).AddStorage()</c>), so the
/// contract suites exercise the real registrations and migrations of each provider.
/// </summary>
public abstract class StoreHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<ServiceProvider> _instances = [];
    private StoreInstance? _primary;

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The configuration that selects and locates this provider's database.</summary>
    protected abstract IReadOnlyDictionary<string, string?> Settings { get; }

    public StoreInstance Primary => _primary ??= OpenInstance();

    public IJobStore Jobs => Primary.Jobs;

    public IDispatchStore Dispatch => Primary.Dispatch;

    public ISettlementStore Settlement => Primary.Settlement;

    public IRetentionStore Retention => Primary.Retention;

    public ILedgerStore Ledger => Primary.Ledger;

    public IAccessStore Access => Primary.Access;

    public IWebhookStore Webhooks => Primary.Webhooks;

    /// <summary>Another set of stores over the same database, as a second gateway process has.</summary>
    public StoreInstance OpenInstance()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(Time);
        services.AddReelgate(configuration).AddStorage();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _instances.Add(provider);
        return new StoreInstance(provider);
    }

    /// <summary>Runs a scalar SQL query (written to be valid on every provider) against the database.</summary>
    public abstract Task<long> ScalarAsync(string sql, CancellationToken cancellationToken);

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The stores of one (simulated) gateway process.</summary>
public sealed class StoreInstance(IServiceProvider services)
{
    public IServiceProvider Services { get; } = services;

    public IJobStore Jobs => Services.GetRequiredService<IJobStore>();

    public IDispatchStore Dispatch => Services.GetRequiredService<IDispatchStore>();

    public ISettlementStore Settlement => Services.GetRequiredService<ISettlementStore>();

    public IRetentionStore Retention => Services.GetRequiredService<IRetentionStore>();

    public ILedgerStore Ledger => Services.GetRequiredService<ILedgerStore>();

    public IAccessStore Access => Services.GetRequiredService<IAccessStore>();

    public IWebhookStore Webhooks => Services.GetRequiredService<IWebhookStore>();
}
