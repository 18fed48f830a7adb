using System.Text.Json;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Tooling;

/// <summary>The <c>reelgate</c> CLI as a separate process against a real gateway process.</summary>
public sealed class CliTests(CliGatewayFixture gateway) : IClassFixture<CliGatewayFixture>
{
    private Dictionary<string, string> Env => new(StringComparer.Ordinal)
    {
        ["REELGATE_URL"] = gateway.Url,
        ["REELGATE_API_KEY"] = gateway.ApiKey,
    };

    [Fact]
    public async Task Generate_with_wait_and_output_saves_a_playable_h264_file_of_the_requested_size()
    {
        using var cli = new CliProcess();

        var result = await cli.RunAsync(Env, "generate", "a lighthouse in a storm", "--duration", "2", "--resolution", "720p", "--aspect", "9:16", "--wait", "--output", "out.mp4");

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = result.Stdout.Trim();
        Assert.StartsWith("vid_", id, StringComparison.Ordinal);
        var (codec, width, height, duration, _) = await Ffprobe.VideoAsync(Path.Combine(cli.WorkingDirectory, "out.mp4"));
        Assert.Equal("h264", codec);
        Assert.Equal((720, 1280), (width, height));
        Assert.InRange(duration, 1.5, 2.5);
        Assert.False(File.Exists(Path.Combine(cli.WorkingDirectory, "out.mp4.part")));
    }

    [Fact]
    public async Task Json_output_of_generate_status_get_list_and_capabilities_is_json_alone_on_stdout()
    {
        using var cli = new CliProcess();
        var generated = await cli.RunAsync(Env, "generate", "json for scripts", "--duration", "1", "--wait", "--json");
        Assert.True(generated.ExitCode == 0, generated.ToString());
        var id = Parse(generated.Stdout).GetProperty("job_id").GetString()!;
        Assert.Equal("succeeded", Parse(generated.Stdout).GetProperty("state").GetString());

        foreach (var args in new[] { new[] { "status", id }, ["get", id], ["list", "--limit", "5"], ["capabilities"], ["balance"] })
        {
            var result = await cli.RunAsync(Env, [.. args, "--json"]);

            Assert.True(result.ExitCode == 0, string.Join(' ', args) + ": " + result);
            var json = Parse(result.Stdout);
            Assert.Equal(JsonValueKind.Object, json.ValueKind);
        }

        var get = Parse((await cli.RunAsync(Env, "get", id, "--json")).Stdout);
        Assert.Equal("json for scripts", get.GetProperty("prompt").GetString());
        var list = Parse((await cli.RunAsync(Env, "list", "--json")).Stdout);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), item => item.GetProperty("job_id").GetString() == id);
        var capabilities = Parse((await cli.RunAsync(Env, "capabilities", "--json")).Stdout);
        Assert.Contains(capabilities.GetProperty("vendors").EnumerateArray(), v => v.GetProperty("vendor").GetString() == "local");
    }

    [Fact]
    public async Task Status_of_an_unknown_job_exits_3_with_the_envelope_message_on_stderr()
    {
        using var cli = new CliProcess();

        var result = await cli.RunAsync(Env, "status", "vid_00000000000000000000000000");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("NOT_FOUND", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("No video job 'vid_00000000000000000000000000'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("req_", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Status_of_a_queued_job_shows_its_place_in_the_projects_queue()
    {
        // A node that runs no jobs, so both stay queued.
        using var data = new TempDirectory();
        await using var idle = new GatewayProcess(data.Path, ("Dispatcher:Enabled", "false"));
        await idle.StartAsync();
        var key = await idle.CreateKeyAsync("waiting");
        using var client = Hosting.RestartTests.Client(idle, key);
        await client.GenerateAsync("""{"prompt": "first", "duration_seconds": 1}""");
        var second = await client.GenerateAsync("""{"prompt": "second", "duration_seconds": 1}""");
        using var cli = new CliProcess();

        var result = await cli.RunAsync(new Dictionary<string, string> { ["REELGATE_URL"] = idle.BaseUrl, ["REELGATE_API_KEY"] = key }, "status", second);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{second}  queued  #2 in the project's queue", result.Stdout.Trim());
    }

    [Fact]
    public async Task A_missing_api_key_exits_2_and_says_where_to_put_one()
    {
        using var cli = new CliProcess();

        var result = await cli.RunAsync(new Dictionary<string, string> { ["REELGATE_URL"] = gateway.Url }, "list");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("REELGATE_API_KEY", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(cli.Home, ".config", "reelgate", "config.json"), result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        using var cli = new CliProcess();

        Assert.Equal(2, (await cli.RunAsync(Env, "status")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync(Env, "list", "--no-such-option")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync(Env, "topup")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync(Env, "status", "vid_x", "--url", "not a url")).ExitCode);
    }

    [Fact]
    public async Task Settings_come_from_flags_then_environment_then_the_config_file()
    {
        using var cli = new CliProcess();
        cli.WriteConfig($$"""{"url": "{{gateway.Url}}", "api_key": "{{gateway.ApiKey}}"}""");

        var fromFile = await cli.RunAsync(new Dictionary<string, string>(), "balance", "--json");
        var envBeatsFile = await cli.RunAsync(new Dictionary<string, string> { ["REELGATE_API_KEY"] = "rg_pk_wrong" }, "balance", "--json");
        var flagBeatsEnv = await cli.RunAsync(new Dictionary<string, string> { ["REELGATE_API_KEY"] = "rg_pk_wrong" }, "balance", "--json", "--api-key", gateway.ApiKey);
        var urlFlagBeatsFile = await cli.RunAsync(new Dictionary<string, string>(), "balance", "--url", "http://127.0.0.1:1");

        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.True(envBeatsFile.ExitCode == 3, envBeatsFile.ToString());
        Assert.Contains("UNAUTHENTICATED", envBeatsFile.Stderr, StringComparison.Ordinal);
        Assert.True(flagBeatsEnv.ExitCode == 0, flagBeatsEnv.ToString());
        Assert.True(urlFlagBeatsFile.ExitCode == 4, urlFlagBeatsFile.ToString());
    }

    [Fact]
    public async Task Cancel_of_a_job_that_already_ended_exits_1()
    {
        using var cli = new CliProcess();
        var generated = await cli.RunAsync(Env, "generate", "ends quickly", "--duration", "1", "--wait", "--json");
        var id = Parse(generated.Stdout).GetProperty("job_id").GetString()!;

        var result = await cli.RunAsync(Env, "cancel", id, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.False(Parse(result.Stdout).GetProperty("ok").GetBoolean());
    }

    private static JsonElement Parse(string stdout)
    {
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.Clone();
    }
}
