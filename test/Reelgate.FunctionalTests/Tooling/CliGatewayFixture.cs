using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Tooling;

/// <summary>One real gateway process (Kestrel on loopback, the local ffmpeg vendor) shared by the CLI tests, and a key for it.</summary>
public sealed class CliGatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private GatewayProcess? _gateway;

    public string Url => _gateway!.BaseUrl;

    public string ApiKey { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        _gateway = new GatewayProcess(_data.Path);
        await _gateway.StartAsync();
        ApiKey = await _gateway.CreateKeyAsync("cli");
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _data.Dispose();
    }
}
