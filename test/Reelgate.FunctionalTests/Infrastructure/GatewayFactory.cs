using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Reelgate.Core.Access;

namespace Reelgate.FunctionalTests.Infrastructure;

/// <summary>
/// The real gateway host in memory (real SQLite, real files, real ffmpeg) on a fresh data
/// directory. Tests authenticate with real keys made through <see cref="AccessService"/>.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new();
    private readonly List<Reelgate.Core.Ports.IVideoVendor> _extraVendors = [];
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal)
    {
        ["Reelgate:Dispatcher:IdleCheckInterval"] = "00:00:00.100",
        ["Reelgate:Retention:SweepInterval"] = "00:00:00.200",

        // Tests drive hundreds of requests through one key; the rate-limit tests turn limits on themselves.
        ["Reelgate:RateLimits:Enabled"] = "false",
    };

    public string DataDirectory => _data.Path;

    /// <summary>Overrides a configuration key before the host starts.</summary>
    public GatewayFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Adds a (test-only) vendor beside the built-in ones before the host starts.</summary>
    public GatewayFactory WithVendor(Reelgate.Core.Ports.IVideoVendor vendor)
    {
        _extraVendors.Add(vendor);
        return this;
    }

    /// <summary>Grants credit to a project through the real billing use case.</summary>
    public async Task GrantAsync(string project, decimal usd)
    {
        var access = Services.GetRequiredService<AccessService>();
        var (projectId, _) = await access.CreateProjectAsync(project, TestContext.Current.CancellationToken);
        await Services.GetRequiredService<Reelgate.Core.Billing.BillingService>().GrantAsync(projectId, Reelgate.Core.Jobs.Money.ToMicros(usd), "test", TestContext.Current.CancellationToken);
    }

    public async Task<HttpClient> CreateClientForNewProjectAsync(string? project = null)
    {
        var key = await CreateKeyAsync(project ?? "p-" + Guid.NewGuid().ToString("N")[..8]);
        return CreateClient(key);
    }

    public async Task<string> CreateKeyAsync(string project)
    {
        var access = Services.GetRequiredService<AccessService>();
        var (_, secret) = await access.CreateKeyAsync(project, TestContext.Current.CancellationToken);
        return secret;
    }

    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Reelgate:DataDirectory", _data.Path);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            foreach (var vendor in _extraVendors)
            {
                services.AddSingleton<Reelgate.Core.Ports.IVideoVendor>(vendor);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }
}
