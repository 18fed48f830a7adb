using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Reelgate.Core.Ports;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.FunctionalTests.ScaleOut;
using Reelgate.Server.Errors;
using Reelgate.Server.Hosting;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Hosting;

/// <summary>
/// <c>/readyz</c> asks the real dependencies: the SQLite file and blob folder of the embedded default,
/// and PostgreSQL and s3rver for scale-out, each made unusable for real (no stand-ins).
/// </summary>
public sealed class ReadinessTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_embedded_default_is_ready_when_its_database_and_blob_folder_answer()
    {
        using var gateway = new GatewayFactory();

        var response = await gateway.CreateClient().GetAsync("/readyz", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.Equal(("ready", "ok", "ok"), (body.GetProperty("status").GetString(), body.GetProperty("database").GetString(), body.GetProperty("blobs").GetString()));
    }

    [Fact]
    public async Task Readiness_answers_only_get_and_says_so_in_the_envelope()
    {
        using var gateway = new GatewayFactory();

        var response = await gateway.CreateClient().PostAsync("/readyz", null, Cancellation);

        await response.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task A_blob_folder_that_cannot_take_files_makes_the_node_not_ready_until_it_can_again()
    {
        using var gateway = new GatewayFactory();
        var client = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz", Cancellation)).StatusCode);

        // A file where the folder should be fails for root too (CI runs as root, so permissions would not).
        var blobs = Path.Combine(gateway.DataDirectory, "blobs");
        var moved = blobs + ".away";
        Directory.Move(blobs, moved);
        await File.WriteAllTextAsync(blobs, "not a folder", Cancellation);

        var error = await (await client.GetAsync("/readyz", Cancellation)).AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        Assert.StartsWith("Not ready: blobs: ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("database", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        File.Delete(blobs);
        Directory.Move(moved, blobs);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task A_node_that_is_shutting_down_is_not_ready_without_asking_its_dependencies()
    {
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var check = new CountingCheck();

        var result = await ReadinessEndpoint.ReadyAsync([check], new StoppingLifetime(stopping.Token), NullLoggerFactory.Instance, Cancellation);

        var error = Assert.IsType<ApiError>(result.Result);
        Assert.Equal((503, "NOT_READY", "The node is shutting down."), (error.StatusCode, error.Code, error.Message));
        Assert.Equal(0, check.Calls);
    }

    [Fact]
    public async Task A_node_on_postgres_and_s3_is_not_ready_while_its_database_refuses_connections()
    {
        await using var environment = await ScaleOutEnvironment.CreateAsync();
        using var data = new TempDirectory();
        await using var node = new GatewayProcess(data.Path, environment.NodeSettings);
        await node.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz", Cancellation)).StatusCode);

        await environment.AdministerAsync($"ALTER DATABASE {environment.Database} ALLOW_CONNECTIONS false");
        await environment.AdministerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{environment.Database}'");

        var refused = await Eventually.SomeAsync(
            async () => await http.GetAsync("/readyz", Cancellation) is { StatusCode: HttpStatusCode.ServiceUnavailable } r ? r : null,
            "the node reports its database as unusable");
        var error = await refused.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        var message = error.GetProperty("message").GetString();
        Assert.StartsWith("Not ready: database: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("blobs", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", message, StringComparison.OrdinalIgnoreCase);

        await environment.AdministerAsync($"ALTER DATABASE {environment.Database} ALLOW_CONNECTIONS true");
        await Eventually.SomeAsync(
            async () => await http.GetAsync("/readyz", Cancellation) is { StatusCode: HttpStatusCode.OK } r ? r : null,
            "the node is ready again once the database takes connections");
    }

    [Fact]
    public async Task A_node_whose_bucket_does_not_exist_starts_but_is_not_ready()
    {
        await using var environment = await ScaleOutEnvironment.CreateAsync();
        using var data = new TempDirectory();
        await using var node = new GatewayProcess(data.Path, [.. environment.NodeSettings, ("Storage:S3:Bucket", "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8])]);
        await node.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };

        var error = await (await http.GetAsync("/readyz", Cancellation)).AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");

        var message = error.GetProperty("message").GetString();
        Assert.StartsWith("Not ready: blobs: bucket 'no-such-bucket-", message, StringComparison.Ordinal);
        Assert.Contains("404", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Cancellation)).StatusCode);
    }

    private sealed class CountingCheck : IReadinessCheck
    {
        public int Calls { get; private set; }

        public string Name => "counting";

        public Task CheckAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.CompletedTask;
        }
    }

    private sealed class StoppingLifetime(CancellationToken stopping) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
