using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reelgate.Core.Jobs;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Vendors.Kling;

/// <summary>
/// A loopback stand-in for Kling's API (docs/vendors/kling.md): a real Kestrel server with
/// <c>POST /v1/videos/{text2video|image2video}</c> and <c>GET /v1/videos/{kind}/{task_id or
/// external_task_id}</c>, Kling's <c>{code, message, request_id, data}</c> envelope on every answer,
/// a JWT check that verifies the HS256 signature with the test secret, the task states
/// <c>submitted → processing → succeed|failed</c>, and the output MP4 itself. It records every request
/// and plays the faults of a <see cref="KlingStubScript"/>.
/// </summary>
internal sealed class KlingStub : IAsyncDisposable
{
    public const string AccessKey = "ak-reelgate-test";
    public const string SecretKey = "sk-reelgate-test-secret-0123456789";

    private static readonly string[] TextModels = ["kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo", "kling-v2-6", "kling-v3"];
    private static readonly string[] ImageModels = [.. TextModels, "kling-v1-5", "kling-v2-1"];

    private readonly WebApplication _app;
    private readonly KlingStubVideos _videos;
    private readonly ConcurrentQueue<KlingStubRequest> _requests = new();
    private readonly ConcurrentDictionary<string, StubTask> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _concurrency = new();
    private int _peakConcurrentTasks;
    private int _concurrencyRefusals;
    private readonly ConcurrentDictionary<string, StubTask> _byExternalId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Marker, KlingStubScript Script)> _promptScripts = new();

    private KlingStub(WebApplication app, KlingStubVideos videos)
    {
        _app = app;
        _videos = videos;
    }

    /// <summary>The base URL (http://127.0.0.1:port) to configure as Kling's BaseUrl.</summary>
    public string Url { get; private set; } = null!;

    /// <summary>Faults for every job whose prompt matches no <see cref="ScriptPrompt"/> marker.</summary>
    public KlingStubScript Script { get; } = new();

    /// <summary>How long a task takes from create to <c>succeed</c> (the first third <c>submitted</c>, then <c>processing</c>).</summary>
    public TimeSpan SuccessAfter { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Every request received, oldest first (refused ones included).</summary>
    public IReadOnlyList<KlingStubRequest> Requests => [.. _requests];

    /// <summary>The creates received (POST to a video collection), refused ones included.</summary>
    public IReadOnlyList<KlingStubRequest> Creates => [.. _requests.Where(r => r.Method == "POST" && r.Path.StartsWith("/v1/videos/", StringComparison.Ordinal))];

    /// <summary>The task queries received (GET of one task).</summary>
    public IReadOnlyList<KlingStubRequest> Queries => [.. _requests.Where(r => r.Method == "GET" && r.Path.StartsWith("/v1/videos/", StringComparison.Ordinal))];

    /// <summary>The tasks created, by task id.</summary>
    public IReadOnlyCollection<string> TaskIds => [.. _tasks.Keys];

    /// <summary>
    /// The account's concurrency (its resource pack's): a create while this many tasks run is refused
    /// with HTTP 429, code 1303, as Kling does. A task runs for <see cref="SuccessAfter"/> from its
    /// create, polled or not (Kling has no cancel).
    /// </summary>
    public int? ConcurrencyLimit { get; set; }

    /// <summary>The most tasks that ran at once.</summary>
    public int PeakConcurrentTasks => Volatile.Read(ref _peakConcurrentTasks);

    /// <summary>Creates refused because <see cref="ConcurrencyLimit"/> tasks were running.</summary>
    public int ConcurrencyRefusals => Volatile.Read(ref _concurrencyRefusals);

    public static async Task<KlingStub> StartAsync(KlingStubVideos videos)
    {
        var app = LoopbackHost.Create();
        var stub = new KlingStub(app, videos);
        app.Use(stub.RecordAsync);
        app.MapPost("/v1/videos/{kind}", stub.CreateAsync);
        app.MapGet("/v1/videos/{kind}/{id}", stub.QueryAsync);
        app.MapGet("/outputs/{taskId}.mp4", stub.OutputAsync);
        app.MapFallback((HttpContext context) => Envelope(context, 404, 1202, $"Invalid request method ({context.Request.Method} {context.Request.Path}).", null));
        stub.Url = await LoopbackHost.StartAsync(app);
        return stub;
    }

    /// <summary>Jobs whose prompt contains <paramref name="marker"/> play <paramref name="script"/>.</summary>
    public void ScriptPrompt(string marker, KlingStubScript script) => _promptScripts.Enqueue((marker, script));

    /// <summary>
    /// Verifies a Kling bearer token as Kling does: HS256 signature with the secret key, <c>iss</c> =
    /// access key, inside <c>nbf</c>..<c>exp</c>. Answers Kling's auth error code, or 0 and the claims.
    /// </summary>
    public static (int Code, JsonObject? Claims) VerifyToken(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return (1001, null);
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return (1002, null);
        }

        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!.AsObject();
            if ((string?)header["alg"] != "HS256" || (string?)header["typ"] != "JWT")
            {
                return (1002, null);
            }

            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SecretKey), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
            {
                return (1002, null);
            }

            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
            var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            if ((string?)claims["iss"] != AccessKey)
            {
                return (1002, null);
            }

            if ((long)claims["nbf"]! > now)
            {
                return (1003, null);
            }

            return (long)claims["exp"]! <= now ? (1004, null) : (0, claims);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            return (1002, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new KlingStubRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, headers, body, Stopwatch.GetTimestamp()));
        await next(context);
    }

    private async Task CreateAsync(HttpContext context, string kind)
    {
        if (kind is not ("text2video" or "image2video"))
        {
            await Envelope(context, 404, 1202, "Invalid request method.", null);
            return;
        }

        if (VerifyToken(context.Request.Headers.Authorization.ToString()) is { Code: not 0 } refused)
        {
            await Envelope(context, 401, refused.Code, "Authorization failed (stub).", null);
            return;
        }

        JsonObject body;
        try
        {
            body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        }
        catch (JsonException)
        {
            await Envelope(context, 400, 1200, "Invalid request parameters: body is not JSON.", null);
            return;
        }

        if (Validate(kind, body) is { } invalid)
        {
            await Envelope(context, 400, 1201, invalid, null);
            return;
        }

        var script = ScriptFor((string?)body["prompt"]);
        if (script.TakeRateLimitedSubmit())
        {
            context.Response.Headers.RetryAfter = script.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Envelope(context, 429, 1302, "The API request rate is too high (stub).", null);
            return;
        }

        if (script.SubmitError is { } error)
        {
            await Envelope(context, error.Status, error.Code, error.Message, null);
            return;
        }

        if (script.MalformedSubmitUnaccepted)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("<html>502 Bad Gateway</html>", context.RequestAborted);
            return;
        }

        var externalId = (string?)body["external_task_id"];
        if (externalId is not null && _byExternalId.ContainsKey(externalId))
        {
            // Kling's answer to a reused external_task_id is UNCONFIRMED; the stub refuses it as a bad value.
            await Envelope(context, 400, 1201, "Invalid parameter value: external_task_id already exists.", null);
            return;
        }

        StubTask? task = null;
        lock (_concurrency)
        {
            var running = _tasks.Values.Count(t => Stopwatch.GetElapsedTime(t.Started) < SuccessAfter);
            if (running < (ConcurrencyLimit ?? int.MaxValue))
            {
                task = NewTask(kind, body, externalId, script);
                _peakConcurrentTasks = Math.Max(_peakConcurrentTasks, running + 1);
            }
        }

        if (task is null)
        {
            Interlocked.Increment(ref _concurrencyRefusals);
            await Envelope(context, 429, 1303, "Parallel task over resource pack limit (stub).", null);
            return;
        }

        if (script.HangSubmit)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up: the task is accepted and its answer lost.
            }

            return;
        }

        if (script.MalformedSubmit)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"code\":0,\"message\":\"SUCCEED\",\"data\":{\"task_id\":", context.RequestAborted);
            return;
        }

        await Envelope(context, 200, 0, "SUCCEED", TaskJson(task));
    }

    private async Task QueryAsync(HttpContext context, string kind, string id)
    {
        if (VerifyToken(context.Request.Headers.Authorization.ToString()) is { Code: not 0 } refused)
        {
            await Envelope(context, 401, refused.Code, "Authorization failed (stub).", null);
            return;
        }

        var byTaskId = _tasks.TryGetValue(id, out var task);
        if (!byTaskId)
        {
            _byExternalId.TryGetValue(id, out task);
        }

        var script = task?.Script ?? Script;
        if (!byTaskId && Script.FailLookups)
        {
            await Envelope(context, 400, 1201, "Invalid parameter value: task_id.", null);
            return;
        }

        if (script.TakeFailedQuery())
        {
            await Envelope(context, 500, 5000, "Server internal error (stub).", null);
            return;
        }

        if (script.TakeMalformedQuery())
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("<html>bad gateway</html>", context.RequestAborted);
            return;
        }

        if (task is null || task.Kind != kind)
        {
            await Envelope(context, 404, 1203, "Requested resource does not exist: task not found.", null);
            return;
        }

        await Envelope(context, 200, 0, "SUCCEED", TaskJson(task));
    }

    private async Task OutputAsync(HttpContext context, string taskId)
    {
        if (!_tasks.TryGetValue(taskId, out var task) || task.Script.OutputNotFound)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("Not Found", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "video/mp4";
        if (task.Script.OutputNotVideo)
        {
            await context.Response.WriteAsync("<html>this is not a video</html>", context.RequestAborted);
            return;
        }

        var path = await _videos.GetAsync(task.Width, task.Height, task.Seconds);
        await context.Response.SendFileAsync(path, context.RequestAborted);
    }

    private static string? Validate(string kind, JsonObject body)
    {
        var model = (string?)body["model_name"] ?? "kling-v1";
        if (!(kind == "text2video" ? TextModels : ImageModels).Contains(model))
        {
            return $"Invalid parameter value: model_name '{model}' is not supported by {kind}.";
        }

        if (body["duration"] is not JsonValue duration || duration.GetValueKind() != JsonValueKind.String)
        {
            return "Invalid parameter type: duration must be a string.";
        }

        var allowed = model == "kling-v3" ? Enumerable.Range(3, 13).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)) : ["5", "10"];
        if (!allowed.Contains((string)duration!))
        {
            return $"Invalid parameter value: duration '{(string)duration!}' for {model}.";
        }

        if ((string?)body["mode"] is not ("std" or "pro" or null))
        {
            return "Invalid parameter value: mode.";
        }

        if (kind == "text2video")
        {
            if (string.IsNullOrEmpty((string?)body["prompt"]))
            {
                return "Invalid parameter value: prompt is required.";
            }

            if ((string?)body["aspect_ratio"] is not ("16:9" or "9:16" or "1:1" or null))
            {
                return "Invalid parameter value: aspect_ratio.";
            }
        }
        else if (string.IsNullOrEmpty((string?)body["image"]))
        {
            return "Invalid parameter value: image is required.";
        }

        return null;
    }

    private StubTask NewTask(string kind, JsonObject body, string? externalId, KlingStubScript script)
    {
        var shortSide = (string?)body["mode"] == "pro" ? Resolution.P1080 : Resolution.P720;
        var aspectName = kind == "text2video" ? (string?)body["aspect_ratio"] ?? "16:9" : script.ImageAspect;
        VideoFormats.TryParseAspect(aspectName, out var aspect);
        var (width, height) = VideoFormats.PixelSize(shortSide, aspect);
        var task = new StubTask(
            "stub-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            kind,
            externalId,
            width,
            height,
            int.Parse((string)body["duration"]!, System.Globalization.CultureInfo.InvariantCulture),
            script,
            Stopwatch.GetTimestamp(),
            TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        _tasks[task.TaskId] = task;
        if (externalId is not null)
        {
            _byExternalId[externalId] = task;
        }

        return task;
    }

    private KlingStubScript ScriptFor(string? prompt)
    {
        foreach (var (marker, script) in _promptScripts)
        {
            if (prompt?.Contains(marker, StringComparison.Ordinal) == true)
            {
                return script;
            }
        }

        return Script;
    }

    private JsonObject TaskJson(StubTask task)
    {
        var elapsed = Stopwatch.GetElapsedTime(task.Started);
        var status = elapsed < SuccessAfter / 3 ? "submitted"
            : elapsed < SuccessAfter ? "processing"
            : task.Script.FailTask is null ? "succeed" : "failed";

        var json = new JsonObject
        {
            ["task_id"] = task.TaskId,
            ["task_status"] = status,
            ["task_status_msg"] = status == "failed" ? task.Script.FailTask : string.Empty,
            ["task_info"] = new JsonObject { ["external_task_id"] = task.ExternalId },
            ["created_at"] = task.CreatedAtMs,
            ["updated_at"] = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        if (status == "succeed")
        {
            json["final_unit_deduction"] = task.Seconds > 5 ? "2" : "1";
            json["task_result"] = new JsonObject
            {
                ["videos"] = new JsonArray(new JsonObject
                {
                    ["id"] = "video-" + task.TaskId,
                    ["url"] = $"{Url}/outputs/{task.TaskId}.mp4",
                    ["duration"] = task.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }),
            };
        }

        return json;
    }

    private static async Task Envelope(HttpContext context, int status, int code, string message, JsonNode? data)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var envelope = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["request_id"] = "req-stub-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            ["data"] = data,
        };
        await context.Response.WriteAsync(envelope.ToJsonString(), context.RequestAborted);
    }

    private sealed record StubTask(string TaskId, string Kind, string? ExternalId, int Width, int Height, int Seconds, KlingStubScript Script, long Started, long CreatedAtMs);
}
