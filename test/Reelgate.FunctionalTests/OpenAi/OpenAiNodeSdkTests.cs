using System.ComponentModel;
using System.Diagnostics;
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

        var (exitCode, stdout, stderr) = await RunNodeAsync(Path.Combine(project, "videos-flow.mjs"), output);

        Assert.True(exitCode == 0, $"videos-flow.mjs exited {exitCode}.\nstderr:\n{stderr}\nstdout:\n{stdout}\ngateway:\n{_gateway.Output}");
        using var json = JsonDocument.Parse(stdout);
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

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(string script, string output)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        start.ArgumentList.Add(script);
        start.Environment["REELGATE_URL"] = _gateway.BaseUrl;
        start.Environment["REELGATE_API_KEY"] = _key;
        start.Environment["REELGATE_OUT_DIR"] = output;

        // Nothing of the developer's OpenAI setup may leak in: the flow must work with base URL and key alone.
        foreach (var name in new[] { "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID" })
        {
            start.Environment.Remove(name);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"Node.js is not on PATH ({ex.Message}). This test drives the gateway with the official openai npm client: install Node.js 20 or later and run 'npm ci --prefix test/openai-node'.");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            try
            {
                await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
