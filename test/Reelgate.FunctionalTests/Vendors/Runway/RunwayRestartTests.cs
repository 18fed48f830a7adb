using Reelgate.FunctionalTests.Hosting;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Vendors.Runway;

/// <summary>The gateway as its own process, killed mid-job; the stub lives in the test process and outlives it.</summary>
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
}
