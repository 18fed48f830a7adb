using System.Diagnostics;
using System.Net;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.FunctionalTests.Vendors.Runway;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Dispatching;

/// <summary>
/// Job capacity (DESIGN §4): a job waiting on a remote vendor costs a timer, not a worker; a vendor's
/// limit is counted for the account; a vendor's Retry-After holds every call to it. The real gateway
/// in memory against <see cref="RunwayStub"/> on loopback.
/// </summary>
public sealed class CapacityTests(RunwayVideoFixture videos) : IClassFixture<RunwayVideoFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sixty_jobs_on_a_remote_vendor_all_run_at_once_with_only_the_vendor_key_set()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromSeconds(5);
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();

        var ids = await SubmitAsync(client, 60);
        foreach (var id in ids)
        {
            await client.WaitForSuccessAsync(id);
        }

        // Before, a node ran two jobs at a time (and four per vendor): the batch took 30 rounds.
        Assert.Equal(60, stub.TaskIds.Count);
        Assert.Equal(60, stub.PeakConcurrentTasks());
    }

    [Fact]
    public async Task A_vendor_limit_holds_and_the_jobs_beyond_it_stay_queued_with_their_place_in_the_project()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromHours(1);
        using var gateway = Gateway(stub).With("Reelgate:Vendors:Runway:MaxConcurrentJobs", "2");
        var client = await gateway.CreateClientForNewProjectAsync();

        var ids = await SubmitAsync(client, 6);
        await Eventually.TrueAsync(() => stub.TaskIds.Count == 2, "two tasks at Runway", TimeSpan.FromSeconds(30));

        // Nothing ends while the stub holds its tasks, so the places are exact.
        var waiting = new List<(string State, int? Place)>();
        foreach (var id in ids)
        {
            var status = await (await client.GetAsync($"/v1/video/status/{id}", Cancellation)).JsonAsync();
            waiting.Add((status.GetProperty("state").GetString()!, status.TryGetProperty("queue_position", out var place) ? place.GetInt32() : null));
        }

        Assert.Equal(2, stub.TaskIds.Count);
        Assert.Equal(
            [("running", null), ("running", null), ("queued", 1), ("queued", 2), ("queued", 3), ("queued", 4)],
            waiting);

        stub.FinishAll();
        foreach (var id in ids)
        {
            await client.WaitForSuccessAsync(id);
        }

        Assert.Equal(6, stub.TaskIds.Count);
        Assert.Equal(2, stub.PeakConcurrentTasks());
    }

    [Fact]
    public async Task A_Retry_After_on_one_poll_holds_the_polls_of_every_job_of_that_vendor()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromHours(1);
        stub.RetryAfter = "3";
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();
        var ids = await SubmitAsync(client, 2);
        await Eventually.TrueAsync(() => stub.TaskIds.Count == 2, "two tasks at Runway", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => Polls(stub).Count >= 4, "both tasks polled", TimeSpan.FromSeconds(30));

        stub.RateLimitNextPolls(1);
        await Eventually.TrueAsync(() => Polls(stub).Any(p => p.Status == 429), "a poll answered 429", TimeSpan.FromSeconds(30));
        var limited = Polls(stub).First(p => p.Status == 429).At;
        await Eventually.TrueAsync(() => Polls(stub).Any(p => p.At > limited + TimeSpan.FromSeconds(3)), "polls after the pause", TimeSpan.FromSeconds(30));
        stub.FinishAll();
        foreach (var id in ids)
        {
            await client.WaitForSuccessAsync(id);
        }

        // Polls already sent when the 429 arrived may land just after it; none is sent during the pause.
        var duringPause = Polls(stub).Where(p => p.At > limited + TimeSpan.FromSeconds(0.5) && p.At < limited + TimeSpan.FromSeconds(2.8)).ToList();
        Assert.Empty(duringPause);
    }

    [Fact]
    public async Task The_vendors_progress_shows_on_status_while_the_job_runs_written_at_most_once_a_second()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromSeconds(6);
        using var gateway = Gateway(stub);
        var client = await gateway.CreateClientForNewProjectAsync();
        var id = (await SubmitAsync(client, 1))[0];

        var seen = new List<double>();
        var clock = Stopwatch.StartNew();
        string state;
        do
        {
            var status = await (await client.GetAsync($"/v1/video/status/{id}", Cancellation)).JsonAsync();
            state = status.GetProperty("state").GetString()!;
            if (state == "running" && status.TryGetProperty("progress", out var progress))
            {
                seen.Add(progress.GetDouble());
            }

            await Task.Delay(100, Cancellation);
        }
        while (state is "queued" or "running" && clock.Elapsed < TimeSpan.FromSeconds(60));

        Assert.Equal("succeeded", state);
        Assert.Contains(seen, p => p is > 0 and < 1);

        // Polled every 100 ms, the stub's progress moves ~2% a poll; stored at most once a second, it takes few distinct values.
        Assert.InRange(seen.Distinct().Count(), 2, 9);
    }

    [Fact]
    public async Task A_job_gives_its_vendor_slot_to_the_next_when_the_vendor_finishes_not_after_the_download()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromSeconds(1);
        stub.OutputDelay = TimeSpan.FromSeconds(4);
        using var gateway = Gateway(stub).With("Reelgate:Vendors:Runway:MaxConcurrentJobs", "1");
        var client = await gateway.CreateClientForNewProjectAsync();

        var ids = await SubmitAsync(client, 2);
        await client.WaitForSuccessAsync(ids[0]);
        await client.WaitForSuccessAsync(ids[1]);

        // The first output's download started about 1 s in and takes 4 s; the second task was created
        // while it was still coming, yet the vendor never ran two tasks at once.
        var firstDownload = stub.Requests.First(r => r.Path == $"/outputs/{stub.TaskIds[0]}.mp4").At;
        Assert.Equal(2, stub.Creates.Count);
        Assert.True(stub.Creates[1].At < firstDownload + TimeSpan.FromSeconds(3), $"second create at {stub.Creates[1].At}, first download from {firstDownload}");
        Assert.Equal(1, stub.PeakConcurrentTasks());
    }

    [Fact]
    public async Task Time_queued_for_a_vendor_slot_does_not_count_against_the_job_deadline()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromSeconds(3);
        using var gateway = Gateway(stub)
            .With("Reelgate:Vendors:Runway:MaxConcurrentJobs", "1")
            .With("Reelgate:Dispatcher:JobDeadline", "00:00:05");
        var client = await gateway.CreateClientForNewProjectAsync();

        // The second job waits about 3 s for the slot, then runs 3 s: 6 s after acceptance, 3 s after its submit.
        var ids = await SubmitAsync(client, 2);
        var first = await client.WaitForSuccessAsync(ids[0]);
        var second = await client.WaitForSuccessAsync(ids[1]);

        // It was submitted only once the first's task ended at the vendor, and succeeded although it was
        // accepted longer ago than the deadline: only its time at the vendor counts.
        Assert.Equal(ids[0], first.GetProperty("job_id").GetString());
        Assert.True(stub.Creates[1].At >= stub.TaskEndedAt(stub.TaskIds[0]), "the second job waited for the slot");
        Assert.True(
            second.GetProperty("completed_at").GetDateTimeOffset() - second.GetProperty("created_at").GetDateTimeOffset() > TimeSpan.FromSeconds(5),
            "the second job finished more than the deadline after its acceptance");
    }

    [Theory]
    [InlineData("Dispatcher:MaxJobsInFlight", "0")]
    [InlineData("Vendors:Local:MaxConcurrentRenders", "0")]
    [InlineData("Vendors:Runway:MaxConcurrentJobs", "-1")]
    [InlineData("Vendors:Runway:MaxConcurrentRequests", "0")]
    public async Task A_concurrency_setting_of_zero_or_less_stops_the_gateway_at_start_naming_the_setting(string setting, string value)
    {
        // A real process: the in-memory test host races its own disposal when start-up fails.
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Vendors:Runway:ApiKey", RunwayStub.ApiKey), (setting, value));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(gateway.StartAsync);

        Assert.Contains("OptionsValidationException", failure.Message, StringComparison.Ordinal);
        Assert.Contains(setting[(setting.LastIndexOf(':') + 1)..], failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retired_dispatcher_setting_is_ignored_with_a_warning_naming_what_replaced_it()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Dispatcher:MaxConcurrentJobs", "2"));

        await gateway.StartAsync();

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(gateway.BaseUrl + "/healthz", Cancellation)).StatusCode);
        Assert.Contains("Reelgate:Dispatcher:MaxConcurrentJobs is no longer used", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("MaxJobsInFlight", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_on_the_default_logging_writes_no_line_per_vendor_poll()
    {
        await using var stub = await RunwayStub.StartAsync(videos);
        stub.RunTime = TimeSpan.FromSeconds(2);
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(
            data.Path,
            ("Vendors:Runway:ApiKey", RunwayStub.ApiKey),
            ("Vendors:Runway:BaseUrl", stub.Url),
            ("Vendors:Runway:PollInterval", "00:00:00.100"),
            ("Vendors:Runway:PricePerSecondUsd", "0"),
            ("Vendors:Local:Enabled", "false"));
        await gateway.StartAsync();
        using var client = Hosting.RestartTests.Client(gateway, await gateway.CreateKeyAsync("quiet"));

        var id = (await SubmitAsync(client, 1))[0];
        await client.WaitForSuccessAsync(id);

        // Ten thousand jobs in flight poll thousands of times a second: one line per call would cost more than the calls.
        Assert.True(stub.Requests.Count(r => r.Method == "GET" && r.Path.StartsWith("/v1/tasks/", StringComparison.Ordinal)) >= 5, "the job was polled");
        Assert.Contains($"Job {id} succeeded", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP request", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Execution attempt", gateway.Output, StringComparison.Ordinal);
    }

    private static List<(TimeSpan At, int Status)> Polls(RunwayStub stub)
        => [.. stub.Requests.Where(r => r.Method == "GET" && r.Path.StartsWith("/v1/tasks/", StringComparison.Ordinal)).Select(r => (r.At, r.Status))];

    private static async Task<List<string>> SubmitAsync(HttpClient client, int count)
    {
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancellation }, async (i, _) =>
            ids[i] = await client.GenerateAsync($$"""{"prompt": "capacity job {{i}}", "vendor": "runway", "model": "gen4.5", "duration_seconds": 2}"""));

        // Ids are time-ordered, so this is the order of acceptance (and of each project's queue).
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <summary>The gateway as a new user runs it: the vendor's key (and the stub's address), nothing tuned but fast polls.</summary>
    private static GatewayFactory Gateway(RunwayStub stub)
        => new GatewayFactory()
            .With("Reelgate:Vendors:Runway:ApiKey", RunwayStub.ApiKey)
            .With("Reelgate:Vendors:Runway:BaseUrl", stub.Url)
            .With("Reelgate:Vendors:Runway:PollInterval", "00:00:00.100")
            .With("Reelgate:Vendors:Runway:PricePerSecondUsd", "0")
            .With("Reelgate:Vendors:Local:Enabled", "false");
}
