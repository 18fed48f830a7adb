using System.Text.Json;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.OpenAi;

/// <summary>
/// The official <c>openai</c> npm client (pinned in <c>test/openai-node/package.json</c>) against a
/// real gateway process on the embedded default, with only its base URL and key changed
/// (<c>test/openai-node/videos-flow.mjs</c>). Needs Node.js on PATH and the package installed
/// (<c>npm ci --prefix test/openai-node</c>, which <c>eng/test.sh</c> runs): without them the test
/// fails, it never skips.
/// </summary>
public sealed class OpenAiNodeSdkTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private GatewayProcess _gateway = null!;
    private string _key = string.Empty;

    public async ValueTask InitializeAsync()
    {
        _gateway = new GatewayProcess(_data.Path);
        await _gateway.StartAsync();
        _key = await _gateway.CreateKeyAsync("openai-node");
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task The_official_openai_npm_client_runs_create_poll_download_list_delete_with_only_base_url_and_key_changed()
    {
        var root = RepoRoot.Find();
        var project = Path.Combine(root, "test", "openai-node");
        Assert.True(
            File.Exists(Path.Combine(project, "node_modules", "openai", "package.json")),
            $"The openai npm package is not installed in {project}; run 'npm ci --prefix test/openai-node' (eng/test.sh does it).");
        var output = Path.Combine(_data.Path, "node-out");
        Directory.CreateDirectory(output);

        var run = await RunNodeAsync(Path.Combine(project, "videos-flow.mjs"), output);

        Assert.True(run.ExitCode == 0, $"{run.Describe("videos-flow.mjs")}\ngateway:\n{_gateway.Output}");
        using var json = JsonDocument.Parse(run.Stdout);
        var results = json.RootElement;
        Assert.True(results.GetProperty("ok").GetBoolean());
        Assert.Equal("7.55.0", results.GetProperty("sdk_version").GetString());
        var video = await Ffprobe.VideoAsync(results.GetProperty("content").GetProperty("video").GetProperty("path").GetString()!);
        Assert.Equal(("h264", 1280, 720), (video.Codec, video.Width, video.Height));
        Assert.InRange(video.Duration, 3.8, 4.2);
        var errors = results.GetProperty("errors");
        Assert.Equal(("seconds", "size", 404, "unsupported", 401), (
            errors.GetProperty("bad_seconds").GetProperty("param").GetString(),
            errors.GetProperty("bad_size").GetProperty("param").GetString(),
            errors.GetProperty("unknown_id").GetProperty("status").GetInt32(),
            errors.GetProperty("remix").GetProperty("code").GetString(),
            errors.GetProperty("bad_key").GetProperty("status").GetInt32()));
    }

    private Task<ExternalTool.Result> RunNodeAsync(string script, string output) => ExternalTool.RunAsync(
        "node",
        [script],
        Path.GetDirectoryName(script)!,
        "This test drives the gateway with the official openai npm client: install Node.js 20 or later and run 'npm ci --prefix test/openai-node'.",
        new Dictionary<string, string?>
        {
            ["REELGATE_URL"] = _gateway.BaseUrl,
            ["REELGATE_API_KEY"] = _key,
            ["REELGATE_OUT_DIR"] = output,

            // Nothing of the developer's OpenAI setup may leak in: the flow must work with base URL and key alone.
            ["OPENAI_API_KEY"] = null,
            ["OPENAI_BASE_URL"] = null,
            ["OPENAI_ORG_ID"] = null,
            ["OPENAI_PROJECT_ID"] = null,
        });
}
