using System.Net.Http.Headers;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Hosting;

public sealed class RestartTests
{
    [Fact]
    public async Task A_job_running_when_the_process_is_killed_completes_after_restart_and_no_job_is_lost()
    {
        using var data = new TempDirectory();
        var first = new GatewayProcess(data.Path);
        await first.StartAsync();
        var key = await first.CreateKeyAsync("restart");
        using var client = Client(first, key);
        var running = await client.GenerateAsync("""{"prompt": "survives a crash", "resolution": "1080p", "duration_seconds": 12}""");
        var queued = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            queued.Add(await client.GenerateAsync($$"""{"prompt": "waiting {{i}}", "duration_seconds": 1}"""));
        }

        await client.WaitForStateAsync(running, TimeSpan.FromSeconds(30), "running");
        await first.KillAsync();
        await first.DisposeAsync();

        await using var second = new GatewayProcess(data.Path);
        await second.StartAsync();
        using var after = Client(second, key);
        var job = await after.WaitForSuccessAsync(running);
        foreach (var id in queued)
        {
            await after.WaitForSuccessAsync(id);
        }

        Assert.Equal(1920, (await DownloadAndProbeAsync(after, running, data.Path)).Width);
        // Resumed from the recorded vendor job id, not submitted a second time.
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        var list = await (await after.GetAsync("/v1/video/list", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(4, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Admin_create_key_works_while_the_gateway_runs_and_prints_only_the_key()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path);
        await gateway.StartAsync();

        var (code, stdout, _) = await gateway.AdminAsync("create-key", "--project", "live");
        var key = stdout.Trim();

        Assert.Equal(0, code);
        Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("rg_pk_", key, StringComparison.Ordinal);
        using var client = Client(gateway, key);
        var health = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        Assert.True(health.IsSuccessStatusCode);
        var list = await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken);
        Assert.True(list.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Admin_revoke_key_locks_the_key_out_at_once()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path);
        await gateway.StartAsync();
        var key = await gateway.CreateKeyAsync("revoke");
        var (_, listing, _) = await gateway.AdminAsync("list-keys", "--json");
        var keyId = System.Text.Json.JsonDocument.Parse(listing.Split('\n')[0]).RootElement.GetProperty("key_id").GetString()!;
        using var client = Client(gateway, key);
        Assert.True((await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken)).IsSuccessStatusCode);

        var (code, _, _) = await gateway.AdminAsync("revoke-key", "--key-id", keyId);

        Assert.Equal(0, code);
        await (await client.GetAsync("/v1/video/list", TestContext.Current.CancellationToken)).AssertErrorAsync(System.Net.HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Admin_with_an_unknown_verb_or_missing_option_exits_2_with_usage()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path);

        var unknown = await gateway.AdminAsync("frobnicate");
        var missing = await gateway.AdminAsync("create-key");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown verb", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--project", missing.Stderr, StringComparison.Ordinal);
    }

    internal static HttpClient Client(GatewayProcess gateway, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<(string Codec, int Width, int Height, double Duration, string PixelFormat)> DownloadAndProbeAsync(HttpClient client, string id, string directory)
    {
        var link = await (await client.GetAsync($"/v1/video/download_url/{id}", TestContext.Current.CancellationToken)).JsonAsync();
        var bytes = await client.GetByteArrayAsync(link.GetProperty("url").GetString(), TestContext.Current.CancellationToken);
        var path = Path.Combine(directory, "probe.mp4");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        return await Ffprobe.VideoAsync(path);
    }
}
