using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Vendors.Veo;

/// <summary>
/// A loopback stand-in for the Gemini API's Veo surface (docs/vendors/veo.md): a real Kestrel server that
/// answers <c>POST /v1beta/models/{model}:predictLongRunning</c> with an operation,
/// <c>GET /v1beta/models/{model}/operations/{id}</c> with the operation (running until the script's render
/// time has passed, then done with a sample, an error or RAI filtering), and
/// <c>GET /v1beta/files/{id}:download?alt=media</c> with a real MP4 of the ordered size and duration.
/// Every call needs <c>x-goog-api-key</c>: a missing key answers 403 PERMISSION_DENIED and a wrong one
/// 400 INVALID_ARGUMENT with reason API_KEY_INVALID, as Google does. There is no cancel (an unknown path
/// answers 404 NOT_FOUND). Every request is recorded.
/// </summary>
internal sealed partial class VeoStub : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    /// <summary>A 2x2 green PNG the stub serves as a reference image.</summary>
    public static readonly byte[] ReferencePng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==");

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<VeoStubRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Job> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Job> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int, int, int), Lazy<Task<byte[]>>> _videos = new();
    private readonly Lock _scriptsLock = new();
    private readonly List<(string PromptContains, VeoScript Script)> _scripts = [];
    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "reelgate-veo-stub-" + Guid.NewGuid().ToString("N")[..12]);

    private VeoStub(WebApplication app)
    {
        _app = app;
        Directory.CreateDirectory(_workDirectory);
    }

    /// <summary>The base URL to configure as <c>Reelgate:Vendors:Veo:BaseUrl</c>, with a trailing slash.</summary>
    public string Url { get; private set; } = null!;

    public string ReferenceImageUrl => Url + "assets/first-frame.png";

    public string NotAnImageUrl => Url + "assets/page.html";

    public IReadOnlyList<VeoStubRequest> Requests => [.. _requests];

    public static async Task<VeoStub> StartAsync()
    {
        var app = LoopbackHost.Create();
        var stub = new VeoStub(app);
        app.Run(stub.HandleAsync);
        stub.Url = await LoopbackHost.StartAsync(app) + "/";
        return stub;
    }

    /// <summary>Jobs whose prompt contains <paramref name="promptContains"/> follow <paramref name="script"/> (the newest match wins).</summary>
    public VeoScript Script(string promptContains, VeoScript script)
    {
        lock (_scriptsLock)
        {
            _scripts.Add((promptContains, script));
        }

        return script;
    }

    /// <summary>The requests that belong to the job(s) with this prompt, oldest first.</summary>
    public IReadOnlyList<VeoStubRequest> For(string prompt) => [.. _requests.Where(r => r.Prompt == prompt)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets it.
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        Job? job = null;
        string? prompt = null;
        Match match;
        if (request.Method == "POST" && (match = CreatePath().Match(path)).Success)
        {
            prompt = TryRead(() => JsonNode.Parse(body)?["instances"]?[0]?["prompt"]?.GetValue<string>());
        }
        else if (request.Method == "GET" && (match = OperationPath().Match(path)).Success && _operations.TryGetValue(match.Groups["id"].Value, out job))
        {
            prompt = job.Prompt;
        }
        else if (request.Method == "GET" && (match = FilePath().Match(path)).Success && _files.TryGetValue(match.Groups["id"].Value, out job))
        {
            prompt = job.Prompt;
        }
        else if (request.Method == "GET" && (match = StoragePath().Match(path)).Success && _files.TryGetValue(match.Groups["id"].Value, out var redirected))
        {
            prompt = redirected.Prompt;
        }

        _requests.Enqueue(new VeoStubRequest(
            request.Method,
            path,
            request.QueryString.Value ?? string.Empty,
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
            body,
            prompt,
            TimeProvider.System.GetUtcNow()));

        if (request.Method == "GET" && path == "/assets/first-frame.png")
        {
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(ReferencePng, context.RequestAborted);
            return;
        }

        if (request.Method == "GET" && path == "/assets/page.html")
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>not an image</body></html>", context.RequestAborted);
            return;
        }

        if (request.Method == "GET" && (match = StoragePath().Match(path)).Success && _files.TryGetValue(match.Groups["id"].Value, out var stored))
        {
            // Where a download redirects: a signed link that needs no key (like a storage bucket's).
            await ServeVideoAsync(context, stored);
            return;
        }

        if (!await AuthorizedAsync(context))
        {
            return;
        }

        if (request.Method == "POST" && (match = CreatePath().Match(path)).Success)
        {
            await CreateAsync(context, match.Groups["model"].Value, body, prompt);
        }
        else if (job is not null && OperationPath().IsMatch(path))
        {
            await PollAsync(context, job);
        }
        else if (job is not null && FilePath().IsMatch(path))
        {
            await DownloadAsync(context, job);
        }
        else
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"Requested entity was not found. ({request.Method} {path})");
        }
    }

    private static async Task<bool> AuthorizedAsync(HttpContext context)
    {
        var key = context.Request.Headers["x-goog-api-key"].ToString();
        if (key.Length == 0)
        {
            await ErrorAsync(context, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
            return false;
        }

        if (key != ApiKey)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", new JsonArray(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
                ["reason"] = "API_KEY_INVALID",
                ["domain"] = "googleapis.com",
                ["metadata"] = new JsonObject { ["service"] = "generativelanguage.googleapis.com" },
            }));
            return false;
        }

        return true;
    }

    private async Task CreateAsync(HttpContext context, string model, string body, string? prompt)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
        }

        if (json is null || prompt is null)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
            return;
        }

        var script = ScriptFor(prompt);
        if (script.TakeRateLimit())
        {
            await ErrorAsync(context, 429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", new JsonArray(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.RetryInfo",
                ["retryDelay"] = script.RetryDelay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s",
            }));
            return;
        }

        if (script.SubmitError is { } refusal)
        {
            await ErrorAsync(context, refusal.Http, refusal.Status, refusal.Message);
            return;
        }

        var parameters = json["parameters"];
        var shortSide = (parameters?["resolution"]?.GetValue<string>() ?? "720p") switch
        {
            "1080p" => 1080,
            "4k" => 2160,
            _ => 720,
        };
        var longSide = shortSide * 16 / 9;
        var portrait = parameters?["aspectRatio"]?.GetValue<string>() == "9:16";
        var job = new Job(
            RandomId(),
            model,
            prompt,
            portrait ? shortSide : longSide,
            portrait ? longSide : shortSide,
            parameters?["durationSeconds"]?.GetValue<int>() ?? 8,
            TimeProvider.System.GetTimestamp(),
            script,
            RandomId());
        _operations[job.OperationId] = job;
        _files[job.FileId] = job;

        if (script.HangSubmit)
        {
            // Accepted, but the answer never arrives: the client gives up first.
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client timed out and hung up.
            }

            return;
        }

        if (script.MalformedSubmit)
        {
            context.Response.ContentType = "application/json; charset=UTF-8";
            await context.Response.WriteAsync("{\n  \"name\": \"models/" + model + "/operati", context.RequestAborted);
            return;
        }

        await JsonAsync(context, 200, new JsonObject { ["name"] = job.Name });
    }

    private async Task PollAsync(HttpContext context, Job job)
    {
        var script = job.Script;
        if (script.TakePollError())
        {
            await ErrorAsync(context, 500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
            return;
        }

        var operation = new JsonObject { ["name"] = job.Name };
        if (TimeProvider.System.GetElapsedTime(job.CreatedTimestamp) < script.RenderTime)
        {
            operation["metadata"] = new JsonObject { ["@type"] = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningMetadata" };
            await JsonAsync(context, 200, operation);
            return;
        }

        operation["done"] = true;
        if (script.OperationError is { } error)
        {
            operation["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
            await JsonAsync(context, 200, operation);
            return;
        }

        var answer = new JsonObject();
        if (script.RaiReasons is { } reasons)
        {
            answer["raiMediaFilteredCount"] = 1;
            answer["raiMediaFilteredReasons"] = new JsonArray([.. reasons.Select(r => (JsonNode)JsonValue.Create(r))]);
        }
        else if (script.InlineVideo)
        {
            var bytes = await VideoAsync(job);
            answer["generatedSamples"] = new JsonArray(new JsonObject
            {
                ["video"] = new JsonObject { ["encodedVideo"] = Convert.ToBase64String(bytes), ["encoding"] = "video/mp4" },
            });
        }
        else
        {
            answer["generatedSamples"] = new JsonArray(new JsonObject
            {
                ["video"] = new JsonObject { ["uri"] = $"{Url}v1beta/files/{job.FileId}:download?alt=media" },
            });
        }

        operation["response"] = new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
            ["generateVideoResponse"] = answer,
        };
        await JsonAsync(context, 200, operation);
    }

    private async Task DownloadAsync(HttpContext context, Job job)
    {
        if (job.Script.OutputMissing)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "File not found.");
            return;
        }

        if (job.Script.RedirectDownloadToOtherHost)
        {
            var port = new Uri(Url).Port;
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}/storage/{job.FileId}";
            return;
        }

        await ServeVideoAsync(context, job);
    }

    private async Task ServeVideoAsync(HttpContext context, Job job)
    {
        if (job.Script.OutputNotVideo)
        {
            context.Response.ContentType = "video/mp4";
            await context.Response.WriteAsync("<html><body>This is not the video you ordered.</body></html>", context.RequestAborted);
            return;
        }

        var bytes = await VideoAsync(job);
        context.Response.ContentType = "video/mp4";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>A real H.264 MP4 of the job's size and duration, made once per size and duration with ffmpeg.</summary>
    private Task<byte[]> VideoAsync(Job job)
        => _videos.GetOrAdd((job.Width, job.Height, job.DurationSeconds), key => new Lazy<Task<byte[]>>(() => RenderAsync(key.Item1, key.Item2, key.Item3))).Value;

    private async Task<byte[]> RenderAsync(int width, int height, int seconds)
    {
        var path = Path.Combine(_workDirectory, string.Create(CultureInfo.InvariantCulture, $"{width}x{height}-{seconds}s.mp4"));
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
                 {
                     "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                     "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={width}x{height}:rate=24"),
                     "-t", seconds.ToString(CultureInfo.InvariantCulture),
                     "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path,
                 })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + await error);
        }

        return await File.ReadAllBytesAsync(path, CancellationToken.None);
    }

    private VeoScript ScriptFor(string prompt)
    {
        lock (_scriptsLock)
        {
            for (var i = _scripts.Count - 1; i >= 0; i--)
            {
                if (prompt.Contains(_scripts[i].PromptContains, StringComparison.Ordinal))
                {
                    return _scripts[i].Script;
                }
            }
        }

        return new VeoScript();
    }

    private static Task ErrorAsync(HttpContext context, int status, string grpcStatus, string message, JsonArray? details = null)
    {
        var error = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = grpcStatus };
        if (details is not null)
        {
            error["details"] = details;
        }

        return JsonAsync(context, status, new JsonObject { ["error"] = error });
    }

    private static async Task JsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static string RandomId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string? TryRead(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex("^/v1beta/models/(?<model>[A-Za-z0-9._-]+):predictLongRunning$")]
    private static partial Regex CreatePath();

    [GeneratedRegex("^/v1beta/models/(?<model>[A-Za-z0-9._-]+)/operations/(?<id>[A-Za-z0-9]+)$")]
    private static partial Regex OperationPath();

    [GeneratedRegex("^/v1beta/files/(?<id>[A-Za-z0-9]+):download$")]
    private static partial Regex FilePath();

    [GeneratedRegex("^/storage/(?<id>[A-Za-z0-9]+)$")]
    private static partial Regex StoragePath();

    private sealed record Job(
        string OperationId,
        string Model,
        string Prompt,
        int Width,
        int Height,
        int DurationSeconds,
        long CreatedTimestamp,
        VeoScript Script,
        string FileId)
    {
        public string Name => $"models/{Model}/operations/{OperationId}";
    }
}
