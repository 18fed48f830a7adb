using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reelgate.FunctionalTests.Hosting;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.FunctionalTests.Vendors.Kling;
using Reelgate.Storage;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.ScaleOut;

/// <summary>
/// Several real gateway processes on one PostgreSQL database and one s3rver bucket, coordinating
/// only through the database (DESIGN §1, §4). They run alone (<see cref="ClusterCollection"/>).
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterTests(ClusterTests.LowFrameRateVideos videos) : IClassFixture<ClusterTests.LowFrameRateVideos>
{
    private const int Jobs = 2000;

    /// <summary>The Kling account's concurrency: the whole cluster shares it.</summary>
    private const int VendorLimit = 120;
    private const int DurationSeconds = 5;
    private const decimal PricePerSecondUsd = 0.01m;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_nodes_started_at_the_same_moment_on_an_empty_database_both_come_up_and_migrate_once()
    {
        await using var environment = await ScaleOutEnvironment.CreateAsync();
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        await using var a = new GatewayProcess(dataA.Path, environment.NodeSettings);
        await using var b = new GatewayProcess(dataB.Path, environment.NodeSettings);

        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        var migrations = typeof(StorageOptions).Assembly.GetManifestResourceNames().Count(n => n.Contains(".Postgres.Migrations.", StringComparison.Ordinal));
        Assert.True(migrations > 0);
        Assert.Equal(migrations, await environment.ScalarAsync("SELECT COUNT(*) FROM schema_migrations"));
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(a.BaseUrl + "/healthz", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(b.BaseUrl + "/healthz", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task A_status_wait_on_an_api_only_node_wakes_when_another_node_finishes_the_job()
    {
        await using var environment = await ScaleOutEnvironment.CreateAsync();
        using var dataApi = new TempDirectory();
        using var dataWorker = new TempDirectory();
        await using var api = new GatewayProcess(dataApi.Path, [.. environment.NodeSettings, ("Dispatcher:Enabled", "false")]);
        await using var worker = new GatewayProcess(dataWorker.Path, environment.NodeSettings);
        await Task.WhenAll(api.StartAsync(), worker.StartAsync());
        using var client = RestartTests.Client(api, await api.CreateKeyAsync("events"));

        var id = await client.GenerateAsync("""{"prompt": "news travels between nodes", "duration_seconds": 1}""");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var state = "queued";
        while (state is "queued" or "running" && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            // The API node never runs jobs; only a NOTIFY from the worker can end this wait before 60 s.
            var status = await (await client.GetAsync($"/v1/video/status/{id}?wait=60", Cancellation)).JsonAsync();
            state = status.GetProperty("state").GetString()!;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(55) || state is not ("queued" or "running"), $"The wait ran out without a signal: {status}");
        }

        Assert.Equal("succeeded", state);
    }

    [Fact]
    public async Task Three_nodes_run_2000_jobs_through_a_SIGKILL_of_one_each_submitted_once_charged_once_downloadable_and_within_the_vendor_limit()
    {
        await using var environment = await ScaleOutEnvironment.CreateAsync();
        // Kling, because a SIGKILL can fall between sending a create and recording its answer: Kling
        // finds a task by our external_task_id, so the node taking over resumes it. (A vendor without
        // such a lookup gets VENDOR_OUTCOME_UNKNOWN there instead of a second submit; see
        // InterruptedSubmitTests.)
        await using var stub = await KlingStub.StartAsync(videos);
        stub.SuccessAfter = TimeSpan.FromSeconds(3);
        stub.ConcurrencyLimit = VendorLimit;
        (string, string)[] settings =
        [
            .. environment.NodeSettings,
            ("Vendors:Kling:AccessKey", KlingStub.AccessKey),
            ("Vendors:Kling:SecretKey", KlingStub.SecretKey),
            ("Vendors:Kling:BaseUrl", stub.Url),
            ("Vendors:Kling:PollInterval", "00:00:00.500"),
            ("Vendors:Kling:PricePerSecondUsd", PricePerSecondUsd.ToString(CultureInfo.InvariantCulture)),
            ("Vendors:Kling:MaxConcurrentJobs", VendorLimit.ToString(CultureInfo.InvariantCulture)),
            ("Vendors:Kling:CircuitMinimumThroughput", "10000"),
            ("Vendors:Local:Enabled", "false"),

            // A short lease so the dead node's jobs are reclaimed within seconds rather than 30 s.
            ("Dispatcher:LeaseDuration", "00:00:06"),
            ("RateLimits:Enabled", "false"),
        ];
        using var data1 = new TempDirectory();
        using var data2 = new TempDirectory();
        using var data3 = new TempDirectory();
        await using var node1 = new GatewayProcess(data1.Path, settings);
        await using var node2 = new GatewayProcess(data2.Path, settings);
        await using var node3 = new GatewayProcess(data3.Path, settings);
        await Task.WhenAll(node1.StartAsync(), node2.StartAsync(), node3.StartAsync());
        var key = await node1.CreateKeyAsync("cluster");
        var credit = Jobs * DurationSeconds * PricePerSecondUsd + 1;
        var (granted, _, grantError) = await node1.AdminAsync("grant-credit", "--project", "cluster", "--usd", credit.ToString(CultureInfo.InvariantCulture));
        Assert.True(granted == 0, grantError);
        using var client1 = RestartTests.Client(node1, key);
        using var client2 = RestartTests.Client(node2, key);
        using var client3 = RestartTests.Client(node3, key);
        HttpClient[] clients = [client1, client2, client3];

        // Round-robin, as a load balancer would spread them.
        var ids = new string[Jobs];
        await Parallel.ForEachAsync(Enumerable.Range(0, Jobs), new ParallelOptions { MaxDegreeOfParallelism = 12, CancellationToken = Cancellation }, async (i, _) =>
            ids[i] = await clients[i % 3].GenerateAsync(
                $$"""{"prompt": "cluster job {{i}}", "vendor": "kling", "resolution": "720p", "duration_seconds": {{DurationSeconds}}}"""));

        // Kill node 2 while jobs run on every node: some of its jobs are at the vendor, some not started.
        await Eventually.TrueAsync(() => stub.Creates.Count >= Jobs / 3, "a third of the jobs reached the vendor", TimeSpan.FromSeconds(120));
        await node2.KillAsync();

        // The dispatcher's lease owner is "<host>/<pid>/<guid>": these jobs were at the vendor under node 2.
        var orphaned = await environment.ScalarAsync(
            $"SELECT COUNT(*) FROM jobs WHERE state = 1 AND vendor_job_id IS NOT NULL AND lease_owner LIKE '%/{node2.ProcessId}/%'");
        Assert.True(orphaned > 0, "node 2 was running no vendor task when it was killed");
        var survivors = new[] { client1, client3 };

        var jobs = await WaitForAllAsync(survivors, ids, TimeSpan.FromMinutes(12));

        Assert.All(jobs, job => Assert.Equal("succeeded", job.GetProperty("state").GetString()));

        // The nodes together kept to the account's concurrency (Kling refuses a task beyond it) and used all of it.
        Assert.Equal(0, stub.ConcurrencyRefusals);
        Assert.Equal(VendorLimit, stub.PeakConcurrentTasks);

        // The vendor saw each job exactly once: a reclaimed job resumed its vendor task.
        var creates = stub.Creates.GroupBy(r => (string?)r.Json["prompt"]).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(Jobs, creates.Count);
        Assert.All(creates, c => Assert.True(c.Value == 1, $"'{c.Key}' was submitted {c.Value} times."));
        Assert.All(jobs, job => Assert.Equal(1, job.GetProperty("attempts").GetInt32()));

        // Each hold captured once, at the price; nothing left held.
        var ledger = await ReadLedgerAsync(client1);
        var captures = ledger.Where(e => e.Kind == "capture").GroupBy(e => e.JobId!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Jobs, captures.Count);
        Assert.All(captures.Values, c => Assert.Equal(DurationSeconds * PricePerSecondUsd, Assert.Single(c).AmountUsd));
        var balance = await (await client3.GetAsync("/v1/account/balance", Cancellation)).JsonAsync();
        Assert.Equal(0m, balance.GetProperty("held_usd").GetDecimal());
        Assert.Equal(credit - (Jobs * DurationSeconds * PricePerSecondUsd), balance.GetProperty("balance_usd").GetDecimal());
        Assert.Equal(0, await environment.ScalarAsync("SELECT COUNT(*) FROM jobs WHERE lease_owner IS NOT NULL"));

        // Every video downloads from its presigned S3 URL: the MP4 the vendor delivered (one file for all).
        using var s3 = new HttpClient();
        var lengths = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancellation }, async (job, token) =>
        {
            var url = job.GetProperty("video_url").GetString()!;
            Assert.StartsWith(Reelgate.Testing.TestServices.S3, url, StringComparison.Ordinal);
            using var response = await s3.GetAsync(url, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync(token);
            Assert.Equal("ftyp"u8.ToArray(), bytes[4..8]);
            lengths.Add(bytes.LongLength);
        });
        Assert.Equal(Jobs, lengths.Count);
        Assert.Single(lengths.Distinct());
    }

    /// <summary>Outputs at 2 frames a second: checking 2 000 of them costs little more than starting ffprobe and ffmpeg.</summary>
    public sealed class LowFrameRateVideos() : KlingStubVideos(framesPerSecond: 2);

    private static async Task<IReadOnlyList<JsonElement>> WaitForAllAsync(HttpClient[] clients, string[] ids, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var done = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var round = 0;
        while (done.Count < ids.Length && clock.Elapsed < timeout)
        {
            foreach (var id in ids.Where(id => !done.ContainsKey(id)).ToList())
            {
                var job = await clients[round++ % clients.Length].GetJobAsync(id);
                if (job.GetProperty("state").GetString() is "succeeded" or "failed" or "canceled" or "expired")
                {
                    done[id] = job;
                }
                else
                {
                    break;
                }
            }

            if (done.Count < ids.Length)
            {
                await Task.Delay(250, Cancellation);
            }
        }

        Assert.True(done.Count == ids.Length, $"{ids.Length - done.Count} of {ids.Length} jobs did not finish within {timeout}.");
        return [.. ids.Select(id => done[id])];
    }

    private static async Task<List<(string Kind, string? JobId, decimal AmountUsd)>> ReadLedgerAsync(HttpClient client)
    {
        var entries = new List<(string, string?, decimal)>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync("/v1/account/ledger?limit=100" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)), Cancellation)).JsonAsync();
            foreach (var entry in page.GetProperty("items").EnumerateArray())
            {
                entries.Add((
                    entry.GetProperty("kind").GetString()!,
                    entry.TryGetProperty("job_id", out var job) && job.ValueKind == JsonValueKind.String ? job.GetString() : null,
                    entry.GetProperty("amount_usd").GetDecimal()));
            }

            cursor = page.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return entries;
    }
}

/// <summary>
/// Three gateways, 2 000 jobs and their ffprobe/preview work take both cores for minutes; run in
/// parallel with the rest they made timing-bound tests elsewhere (a 3 s job under <c>status?wait=30</c>)
/// miss their bounds. xUnit runs a collection without parallelization after all others, alone.
/// </summary>
[CollectionDefinition(nameof(ClusterCollection), DisableParallelization = true)]
public sealed class ClusterCollection;
