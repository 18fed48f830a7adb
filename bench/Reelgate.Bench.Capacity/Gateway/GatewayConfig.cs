using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;

namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>
/// How to start the gateway: its Release dll, data directory and settings (configuration keys such as
/// <c>Reelgate:Vendors:Runway:BaseUrl</c>, passed as <c>Reelgate__Vendors__Runway__BaseUrl</c>
/// environment variables). Also runs its <c>admin</c> verbs against the same data.
/// </summary>
internal sealed record GatewayConfig
{
    public required string ServerDll { get; init; }

    public required string DataDirectory { get; init; }

    public ImmutableSortedDictionary<string, string> Settings { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The gateway with the Runway vendor pointed at <paramref name="stub"/> and the local renderer off: the settings every scenario starts from.</summary>
    public static GatewayConfig ForRunwayStub(string serverDll, string dataDirectory, Uri stub) => new GatewayConfig { ServerDll = serverDll, DataDirectory = dataDirectory }
        .With("Reelgate:Vendors:Runway:ApiKey", "bench-key")
        .With("Reelgate:Vendors:Runway:BaseUrl", stub.ToString().TrimEnd('/'))
        .With("Reelgate:Vendors:Local:Enabled", "false");

    public GatewayConfig With(string key, string value) => this with { Settings = Settings.SetItem(key, value) };

    public GatewayConfig With(string key, int value) => With(key, value.ToString(CultureInfo.InvariantCulture));

    public GatewayConfig OnPostgres(string connectionString) => With("Reelgate:Storage:Provider", "Postgres").With("ConnectionStrings:Reelgate", connectionString);

    /// <summary>The settings that differ from the defaults, for the report (the stub's key and URL left out).</summary>
    public string Describe() => string.Join(", ", Settings
        .Where(s => !s.Key.StartsWith("Reelgate:Vendors:Runway:ApiKey", StringComparison.Ordinal) && !s.Key.StartsWith("Reelgate:Vendors:Runway:BaseUrl", StringComparison.Ordinal))
        .Where(s => !s.Key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) && s.Key != "Reelgate:Vendors:Local:Enabled")
        .Select(s => $"`{(s.Key.StartsWith("Reelgate:", StringComparison.Ordinal) ? s.Key["Reelgate:".Length..] : s.Key)}={s.Value}`"));

    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REELGATE_DATA_DIR"] = DataDirectory;
        foreach (var (key, value) in Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    /// <summary>Creates the project if needed and a key for it; answers the key.</summary>
    public async Task<string> CreateKeyAsync(string project, CancellationToken cancellationToken)
        => (await AdminAsync(["create-key", "--project", project], cancellationToken)).Trim();

    public Task GrantCreditAsync(string project, decimal usd, CancellationToken cancellationToken)
        => AdminAsync(["grant-credit", "--project", project, "--usd", usd.ToString(CultureInfo.InvariantCulture)], cancellationToken);

    /// <summary>A project with a key and <paramref name="usd"/> of credit.</summary>
    public async Task<string> CreateFundedProjectAsync(string project, decimal usd, CancellationToken cancellationToken)
    {
        var key = await CreateKeyAsync(project, cancellationToken);
        await GrantCreditAsync(project, usd, cancellationToken);
        return key;
    }

    private async Task<string> AdminAsync(IEnumerable<string> verb, CancellationToken cancellationToken)
    {
        using var admin = Process.Start(StartInfo(["admin", .. verb])) ?? throw new InvalidOperationException("dotnet did not start");
        var output = admin.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = admin.StandardError.ReadToEndAsync(cancellationToken);
        await admin.WaitForExitAsync(cancellationToken);
        if (admin.ExitCode != 0)
        {
            throw new InvalidOperationException($"admin {string.Join(' ', verb)} failed ({admin.ExitCode}): {await errors}{await output}");
        }

        return await output;
    }
}
