using System.Net;
using Reelgate.FunctionalTests.Hosting;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.FunctionalTests.Vendors.Runway;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.ScaleOut;

/// <summary>Node leases across real gateway processes on one PostgreSQL database.</summary>
public sealed class NodeLeaseTests(RunwayVideoFixture videos) : IClassFixture<RunwayVideoFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_cancelled_through_another_node_is_stopped_at_the_vendor_by_the_node_running_it()
    {
        await using var environment = await ScaleOutEnvironment.CreateAsync();
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromHours(1);
        (string, string)[] settings =
        [
            .. environment.NodeSettings,
            ("Vendors:Runway:ApiKey", RunwayStub.ApiKey),
            ("Vendors:Runway:BaseUrl", stub.Url),
            ("Vendors:Runway:PollInterval", "00:00:00.100"),
            ("Vendors:Runway:PricePerSecondUsd", "0"),
            ("Vendors:Local:Enabled", "false"),

            // A heartbeat a second: the running node learns of the cancel within about that.
            ("Dispatcher:LeaseDuration", "00:00:03"),
        ];
        using var dataApi = new TempDirectory();
        using var dataWorker = new TempDirectory();
        await using var api = new GatewayProcess(dataApi.Path, [.. settings, ("Dispatcher:Enabled", "false")]);
        await using var worker = new GatewayProcess(dataWorker.Path, settings);
        await Task.WhenAll(api.StartAsync(), worker.StartAsync());
        using var client = RestartTests.Client(api, await api.CreateKeyAsync("cancel-elsewhere"));
        var id = await client.GenerateAsync("""{"prompt": "cancelled on the other node", "vendor": "runway", "duration_seconds": 2}""");
        var task = await Eventually.SomeAsync(() => stub.TaskIds.FirstOrDefault(), "the task at Runway", TimeSpan.FromSeconds(60));
        await stub.WaitForRequestAsync(r => r.Method == "GET" && r.Path == "/v1/tasks/" + task, TimeSpan.FromSeconds(30));

        var cancel = await (await client.PostAsync($"/v1/video/cancel/{id}", null, Cancellation)).JsonAsync();
        var deleted = await stub.WaitForRequestAsync(r => r.Method == "DELETE" && r.Path == "/v1/tasks/" + task, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);

        Assert.True(cancel.GetProperty("ok").GetBoolean());
        Assert.Equal("canceled", (await client.GetJobAsync(id)).GetProperty("state").GetString());
        Assert.DoesNotContain(stub.Requests, r => r.Method == "GET" && r.Path == "/v1/tasks/" + task && r.At > deleted.At + TimeSpan.FromMilliseconds(500));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", Cancellation)).StatusCode);
    }
}
