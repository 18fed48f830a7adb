using Microsoft.Extensions.DependencyInjection;
using Reelgate.Contracts.Video;
using Reelgate.Core.Ports;
using Reelgate.FunctionalTests.Hosting;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Vendors.Runway;

/// <summary>The gateway killed or stopped mid-job and started again; the stub lives in the test process and outlives it.</summary>
public sealed class RunwayRestartTests(RunwayVideoFixture videos) : IClassFixture<RunwayVideoFixture>
{
    [Fact]
    public async Task A_gateway_killed_while_a_Runway_task_runs_resumes_polling_that_task_after_restart_and_never_creates_another()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromSeconds(4);
        using var data = new TempDirectory();
        (string, string)[] settings =
        [
            ("Vendors:Runway:ApiKey", RunwayStub.ApiKey),
            ("Vendors:Runway:BaseUrl", stub.Url),
            ("Vendors:Runway:PollInterval", "00:00:00.200"),
            ("Vendors:Runway:PricePerSecondUsd", "0"),
            ("Vendors:Local:Enabled", "false"),
        ];
        // Disposed at the end too, so a failing assertion leaves no gateway running.
        await using var first = new GatewayProcess(data.Path, settings);
        await first.StartAsync();
        var key = await first.CreateKeyAsync("restart-runway");
        using var client = RestartTests.Client(first, key);
        var id = await client.GenerateAsync("""{"prompt": "survives a crash", "vendor": "runway", "duration_seconds": 2}""");

        // A poll comes only after the task id was recorded, so the kill cannot fall between create and record.
        var firstPoll = await stub.WaitForRequestAsync(r => r.Method == "GET" && r.Path.StartsWith("/v1/tasks/", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await first.KillAsync();
        var killedAt = stub.Requests[^1].At;
        var taskId = Assert.Single(stub.TaskIds);
        Assert.Equal("/v1/tasks/" + taskId, firstPoll.Path);
        Assert.True(killedAt - stub.Creates[0].At < stub.RunTime, "the gateway died while the task was still running");

        await using var second = new GatewayProcess(data.Path, settings);
        await second.StartAsync();
        using var after = RestartTests.Client(second, key);
        var job = await after.WaitForSuccessAsync(id);

        Assert.Single(stub.Creates);
        Assert.Contains(stub.Requests, r => r.At > killedAt && r.Method == "GET" && r.Path == "/v1/tasks/" + taskId);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal(taskId, job.GetProperty("attempt_details")[0].GetProperty("vendor_job_id").GetString());
        Assert.Equal("runway", job.GetProperty("vendor").GetString());
    }

    [Fact]
    public async Task A_gateway_stopped_gracefully_hands_every_job_back_and_the_next_start_resumes_them_without_a_second_create()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromHours(1);
        using var data = new TempDirectory();
        string key;
        List<string> ids = [];
        using (var first = Gateway(stub, data))
        {
            key = await first.CreateKeyAsync("graceful");
            using var client = first.CreateClient(key);
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await client.GenerateAsync($$"""{"prompt": "handed back {{i}}", "vendor": "runway", "duration_seconds": 2}"""));
            }

            // Polled means the task id was recorded first.
            await Eventually.TrueAsync(
                () => stub.TaskIds.Count == 3 && stub.TaskIds.All(task => stub.Requests.Any(r => r.Method == "GET" && r.Path == "/v1/tasks/" + task)),
                "three tasks created and polled",
                TimeSpan.FromSeconds(30));
        }

        // Stopped: every job is still running (at Runway) and no node owns it.
        using (var idle = Gateway(stub, data).With("Reelgate:Dispatcher:Enabled", "false"))
        {
            var store = idle.Services.GetRequiredService<IJobStore>();
            foreach (var id in ids)
            {
                var job = await store.FindJobAsync(id, TestContext.Current.CancellationToken);
                Assert.Equal((VideoJobState.Running, null), (job?.State, job?.LeaseOwner));
                Assert.NotNull(job?.VendorJobId);
            }
        }

        stub.FinishAll();
        using var second = Gateway(stub, data);
        using var after = second.CreateClient(key);
        foreach (var id in ids)
        {
            var job = await after.WaitForSuccessAsync(id);
            Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        }

        Assert.Equal(3, stub.Creates.Count);
    }

    private static GatewayFactory Gateway(RunwayStub stub, TempDirectory data)
        => new GatewayFactory()
            .With("Reelgate:DataDirectory", data.Path)
            .With("Reelgate:Vendors:Runway:ApiKey", RunwayStub.ApiKey)
            .With("Reelgate:Vendors:Runway:BaseUrl", stub.Url)
            .With("Reelgate:Vendors:Runway:PollInterval", "00:00:00.100")
            .With("Reelgate:Vendors:Runway:PricePerSecondUsd", "0")
            .With("Reelgate:Vendors:Local:Enabled", "false");
}
