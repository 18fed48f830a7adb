using System.Diagnostics;
using System.Text.Json;
using Reelgate.FunctionalTests.Hosting;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Seed;

/// <summary>
/// Runs the seed document's curl examples with real curl against a real gateway process, changing
/// only the host and the key. curl's own options (silent, status code) come from a curlrc so the
/// commands stay exactly as documented.
/// </summary>
public sealed class SeedExampleTests : IAsyncLifetime
{
    private const string SeedHost = "https://api.infrai.cc";
    private readonly TempDirectory _data = new();
    private GatewayProcess _gateway = null!;
    private string _key = "";

    public async ValueTask InitializeAsync()
    {
        _gateway = new GatewayProcess(_data.Path);
        await _gateway.StartAsync();
        _key = await _gateway.CreateKeyAsync("seed");
        await File.WriteAllTextAsync(Path.Combine(_data.Path, ".curlrc"), "silent\nshow-error\nwrite-out = \"\\n%{http_code}\"\n", TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _data.Dispose();
    }

    public static IReadOnlyList<string> Examples()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "seed-examples.sh"));
        return [.. text.Split("\n\n").Select(b => b.Trim()).Where(b => b.StartsWith("curl ", StringComparison.Ordinal))];
    }

    [Fact]
    public void The_seed_file_holds_all_ten_examples()
        => Assert.Equal(10, Examples().Count);

    [Fact]
    public async Task Every_seed_example_gets_a_sensible_answer_with_only_host_and_key_changed()
    {
        var expected = new (string Path, int Status, string Check)[]
        {
            ("/generate", 202, "job_id"),
            ("/status/ID", 404, "NOT_FOUND"),
            ("/cancel/ID", 400, "INVALID_ARGUMENT"),
            ("/get/ID", 404, "NOT_FOUND"),
            ("/list", 200, "items"),
            ("/delete/ID", 404, "NOT_FOUND"),
            ("/delete_all", 200, "deleted"),
            ("/download_url/ID", 404, "NOT_FOUND"),
            ("/set_retention/ID", 400, "INVALID_ARGUMENT"),
            ("/capabilities", 200, "local-procedural-v1"),
        };
        var examples = Examples();

        for (var i = 0; i < examples.Count; i++)
        {
            var (status, body) = await RunAsync(examples[i]);

            Assert.Contains(expected[i].Path, examples[i], StringComparison.Ordinal);
            Assert.True(expected[i].Status == status, $"{examples[i]}\n→ {status} {body}");
            Assert.Contains(expected[i].Check, body, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(body);
            Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        }
    }

    [Fact]
    public async Task The_seed_flow_yields_a_1080p_five_second_h264_file()
    {
        var examples = Examples();
        var (_, generated) = await RunAsync(examples[0]);
        var id = JsonDocument.Parse(generated).RootElement.GetProperty("job_id").GetString()!;

        var (statusCode, status) = await RunAsync(WithId(examples[1], id));
        Assert.Equal(200, statusCode);
        Assert.Contains(id, status, StringComparison.Ordinal);

        using var client = RestartTests.Client(_gateway, _key);
        await client.WaitForSuccessAsync(id);
        var (getCode, details) = await RunAsync(WithId(examples[3], id));
        Assert.Equal(200, getCode);
        var job = JsonDocument.Parse(details).RootElement;
        Assert.Equal(("succeeded", 5, "1080p", "local", "local-procedural-v1"), (
            job.GetProperty("state").GetString(),
            job.GetProperty("duration_seconds").GetInt32(),
            job.GetProperty("resolution").GetString(),
            job.GetProperty("vendor").GetString(),
            job.GetProperty("model").GetString()));

        var (linkCode, link) = await RunAsync(WithId(examples[7], id));
        Assert.Equal(200, linkCode);
        var url = JsonDocument.Parse(link).RootElement.GetProperty("url").GetString()!;
        var file = Path.Combine(_data.Path, "seed.mp4");
        var (downloadCode, _) = await RunAsync($"curl -o {file} '{url}'");
        Assert.Equal(200, downloadCode);

        var video = await Ffprobe.VideoAsync(file);
        Assert.Equal(("h264", 1920, 1080), (video.Codec, video.Width, video.Height));
        Assert.InRange(video.Duration, 4.8, 5.2);

        var (retentionCode, retention) = await RunAsync(WithId(examples[8], id).Replace("\"days\": 0", "\"days\": 7", StringComparison.Ordinal));
        Assert.Equal(200, retentionCode);
        Assert.Contains("\"retention_days\":7", retention, StringComparison.Ordinal);
        var (deleteCode, deleted) = await RunAsync(WithId(examples[5], id));
        Assert.Equal((200, "{\"ok\":true}"), (deleteCode, deleted));
    }

    private static string WithId(string example, string id)
        => example.Replace("/ID", "/" + id, StringComparison.Ordinal).Replace("\"job_id\": \"...\"", $"\"job_id\": \"{id}\"", StringComparison.Ordinal);

    private async Task<(int Status, string Body)> RunAsync(string example)
    {
        var command = example.Replace(SeedHost, _gateway.BaseUrl, StringComparison.Ordinal);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _data.Path };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["INFRAI_API_KEY"] = _key;
        start.Environment["CURL_HOME"] = _data.Path;
        start.Environment["HOME"] = _data.Path;
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"curl failed: {stderr}");
        var newline = stdout.LastIndexOf('\n');
        return (int.Parse(stdout[(newline + 1)..], System.Globalization.CultureInfo.InvariantCulture), stdout[..Math.Max(newline, 0)]);
    }
}
