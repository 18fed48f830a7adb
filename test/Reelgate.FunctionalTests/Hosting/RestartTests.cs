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
    public async Task A_killed_and_restarted_gateway_neither_loses_nor_doubles_a_hold_or_capture()
    {
        using var data = new TempDirectory();
        var price = ("Vendors:Local:PricePerSecondUsd", "0.01");
        var first = new GatewayProcess(data.Path, price);
        await first.StartAsync();
        var key = await first.CreateKeyAsync("money");
        var (granted, _, grantError) = await first.AdminAsync("grant-credit", "--project", "money", "--usd", "5");
        Assert.True(granted == 0, grantError);
        using var client = Client(first, key);
        var ids = new List<string> { await client.GenerateAsync("""{"prompt": "long and paid", "resolution": "1080p", "duration_seconds": 12}""") };
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await client.GenerateAsync($$"""{"prompt": "short and paid {{i}}", "duration_seconds": 2}"""));
        }

        await client.WaitForStateAsync(ids[0], TimeSpan.FromSeconds(30), "running");
        await first.KillAsync();
        await first.DisposeAsync();

        await using var second = new GatewayProcess(data.Path, price);
        await second.StartAsync();
        using var after = Client(second, key);
        foreach (var id in ids)
        {
            await after.WaitForSuccessAsync(id);
        }

        Assert.Equal((5m - 0.18m, 0m, 5m - 0.18m), await Account.CreditTests.BalanceAsync(after));
        var ledger = await Account.CreditTests.LedgerAsync(after);
        foreach (var id in ids)
        {
            var kinds = ledger.Where(e => e.TryGetProperty("job_id", out var j) && j.GetString() == id).Select(e => e.GetProperty("kind").GetString()).Order();
            Assert.Equal(["capture", "hold"], kinds);
        }

        await Account.CreditTests.AssertLedgerExplainsBalanceAsync(after);
        var (code, balanceLine, _) = await second.AdminAsync("balance", "--project", "money");
        Assert.Equal(0, code);
        Assert.Equal("balance $4.82 held $0 available $4.82", balanceLine.Trim());
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
    public async Task A_manual_top_up_confirmed_twice_by_the_operator_credits_once()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path);
        await gateway.StartAsync();
        var key = await gateway.CreateKeyAsync("buyer");
        using var client = Client(gateway, key);

        var topUp = await (await client.PostJsonAsync("/v1/account/topup", """{"amount_usd": 12.5}""")).JsonAsync();
        var id = topUp.GetProperty("topup_id").GetString()!;
        var page = await client.GetStringAsync(new Uri(topUp.GetProperty("checkout_url").GetString()!).PathAndQuery, TestContext.Current.CancellationToken);
        var first = await gateway.AdminAsync("confirm-topup", "--topup", id);
        var second = await gateway.AdminAsync("confirm-topup", "--topup", id);
        var unknown = await gateway.AdminAsync("confirm-topup", "--topup", "topup_nope");

        Assert.Contains(id, page, StringComparison.Ordinal);
        Assert.Equal("pending", topUp.GetProperty("state").GetString());
        Assert.Equal((0, $"credited {id}"), (first.ExitCode, first.Stdout.Trim()));
        Assert.Equal((0, $"already credited {id}"), (second.ExitCode, second.Stdout.Trim()));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal((12.5m, 0m, 12.5m), await Account.CreditTests.BalanceAsync(client));
        Assert.Single(await Account.CreditTests.LedgerAsync(client));
    }

    [Fact]
    public async Task Admin_credit_verbs_refuse_bad_amounts_and_unknown_projects()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path);
        await gateway.AdminAsync("create-project", "--project", "known");

        var negative = await gateway.AdminAsync("grant-credit", "--project", "known", "--usd", "-5");
        var text = await gateway.AdminAsync("grant-credit", "--project", "known", "--usd", "lots");
        var unknown = await gateway.AdminAsync("grant-credit", "--project", "nobody", "--usd", "5");
        var projects = await gateway.AdminAsync("list-projects", "--json");
        var held = await gateway.AdminAsync("held-jobs");
        var settleUnknown = await gateway.AdminAsync("settle-job", "--job", "vid_01m8905aa9fvcsanasy8hcmwz4", "--charged");
        var settleBoth = await gateway.AdminAsync("settle-job", "--job", "vid_01m8905aa9fvcsanasy8hcmwz4", "--charged", "--not-charged");

        Assert.Equal(2, negative.ExitCode);
        Assert.Equal(2, text.ExitCode);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no project 'nobody'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, string.Empty), (held.ExitCode, held.Stdout.Trim()));
        Assert.Equal(1, settleUnknown.ExitCode);
        Assert.Contains("holds credit", settleUnknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, settleBoth.ExitCode);
        var project = System.Text.Json.JsonDocument.Parse(projects.Stdout.Trim()).RootElement;
        Assert.Equal(("known", "0"), (project.GetProperty("project").GetString(), project.GetProperty("balance_usd").GetString()));
    }

    [Fact]
    public async Task Admin_with_an_unknown_verb_or_missing_option_exits_2_with_usage()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path);

        var unknown = await gateway.AdminAsync("frobnicate");
        var missing = await gateway.AdminAsync("create-key");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'frobnicate'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--project", missing.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Admin_on_a_database_it_cannot_open_exits_1_with_the_error_and_no_stack_trace(string provider)
    {
        using var data = new TempDirectory();
        (string, string)[] settings = provider == "Sqlite"
            ? [("Storage:Sqlite:FileName", "missing-folder/reelgate.db/")]
            : [("Storage:Provider", "Postgres"), ("ConnectionStrings:Reelgate", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2")];
        await using var gateway = new GatewayProcess(data.Path, settings);

        var result = await gateway.AdminAsync("list-projects");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
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
