using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Ports;

namespace Reelgate.Tests.Storage;

/// <summary>How <c>Reelgate:Storage:Provider=Postgres</c> is wired; no server needed.</summary>
public sealed class PostgresStorageRegistrationTests
{
    [Fact]
    public void Resolving_the_job_store_without_a_connection_string_names_the_missing_key()
    {
        using var provider = CreateProvider(connectionString: null);

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IJobStore>());

        Assert.Contains("ConnectionStrings:Reelgate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPostgresStorage_switches_the_dispatcher_to_clustered_mode_whatever_the_configuration_says()
    {
        using var provider = CreateProvider("Host=127.0.0.1;Database=unused", ("Reelgate:Dispatcher:Mode", "Single"));

        var options = provider.GetRequiredService<IOptions<DispatcherOptions>>().Value;

        Assert.Equal(DispatchMode.Clustered, options.Mode);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=unused", true, 64)]
    [InlineData("Host=127.0.0.1;Database=unused;No Reset On Close=false;Max Auto Prepare=8", false, 8)]
    [InlineData("Host=127.0.0.1;Database=unused;noresetonclose=false", false, 64)]
    public void The_data_source_skips_the_session_reset_and_prepares_statements_unless_the_connection_string_says_otherwise(string connectionString, bool noReset, int autoPrepare)
    {
        using var provider = CreateProvider(connectionString);

        var source = provider.GetRequiredService<Reelgate.Storage.Postgres.PostgresDatabase>().DataSource;
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString);

        Assert.Equal((noReset, autoPrepare), (settings.NoResetOnClose, settings.MaxAutoPrepare));
    }

    private static ServiceProvider CreateProvider(string? connectionString, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["Reelgate:Storage:Provider"] = "Postgres", ["ConnectionStrings:Reelgate"] = connectionString };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMetrics();
        services.AddReelgate(configuration).AddStorage();
        return services.BuildServiceProvider();
    }
}
