using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Vendors.Luma;

/// <summary>
/// A loopback stand-in for Luma's Dream Machine API (docs/vendors/luma.md): a real Kestrel under
/// <c>/dream-machine/v1</c> that speaks <c>POST /generations</c>, <c>GET /generations/{id}</c>,
/// <c>GET /generations?limit=&amp;offset=</c> and <c>DELETE /generations/{id}</c> with bearer auth,
/// snake_case Generation objects (<c>queued</c> → <c>dreaming</c> → <c>completed</c>/<c>failed</c>,
/// <c>failure_reason</c>, <c>assets.video</c>/<c>assets.image</c>, the echoed <c>request</c>) and
/// FastAPI-style <c>{"detail": …}</c> errors. It serves the outputs itself like Luma's CDN (no auth),
/// records every request, and can be scripted to fail.
/// </summary>
internal sealed class LumaStub : IAsyncDisposable
{
    public const string ApiPath = "/dream-machine/v1";
    private static readonly string[] Models = ["ray-2", "ray-flash-2", "ray-1-6"];
    private static readonly string[] Ratios = ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"];

    private readonly WebApplication _app;
    private readonly LumaStubMedia _media;
    private readonly ConcurrentQueue<LumaStubRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Generation> _generations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LumaCreateFault> _createFaults = new();
    private readonly ConcurrentQueue<LumaGenerationScript> _scripts = new();
    private int _pollFailuresLeft;
    private int _sequence;
    private volatile bool _failEveryCreate;

    private LumaStub(WebApplication app, LumaStubMedia media, string apiKey)
    {
        _app = app;
        _media = media;
        ApiKey = apiKey;
    }

    public string ApiKey { get; }

    /// <summary>Scheme, host and port, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Origin { get; private set; } = "";

    /// <summary>What <c>Reelgate:Vendors:Luma:BaseUrl</c> is set to (the API path included, as Luma's is).</summary>
    public string Url => Origin + ApiPath;

    /// <summary>How long a new generation takes to finish unless its script says otherwise.</summary>
    public TimeSpan CompleteAfter { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How a generation with no script of its own ends.</summary>
    public LumaGenerationScript DefaultScript { get; set; } = new();

    /// <summary>Seconds in the <c>Retry-After</c> of a scripted 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>While true, every create answers 500 (a Luma outage for the circuit breaker).</summary>
    public bool FailEveryCreate
    {
        get => _failEveryCreate;
        set => _failEveryCreate = value;
    }

    public IReadOnlyList<LumaStubRequest> Requests => [.. _requests];

    /// <summary>The create calls received (refused ones included), oldest first.</summary>
    public IReadOnlyList<LumaStubRequest> Creates => [.. _requests.Where(r => r.Method == "POST" && r.Path is ApiPath + "/generations" or ApiPath + "/generations/video")];

    /// <summary>The ids of the generations created, oldest first.</summary>
    public IReadOnlyList<string> GenerationIds => [.. _generations.Values.OrderBy(g => g.Sequence).Select(g => g.Id)];

    public static async Task<LumaStub> StartAsync(LumaStubMedia media, string apiKey = "test-key")
    {
        var app = LoopbackHost.Create();
        var stub = new LumaStub(app, media, apiKey);
        app.MapPost(ApiPath + "/generations", stub.CreateAsync);

        // Newer SDKs' generations.video.create posts the same body here.
        app.MapPost(ApiPath + "/generations/video", stub.CreateAsync);
        app.MapGet(ApiPath + "/generations/{id}", stub.GetAsync);
        app.MapGet(ApiPath + "/generations", stub.ListAsync);
        app.MapDelete(ApiPath + "/generations/{id}", stub.DeleteAsync);
        app.MapGet("/cdn/{id}/video.mp4", stub.VideoAsync);
        app.MapGet("/cdn/{id}/thumb.jpg", stub.ThumbnailAsync);
        app.MapFallback(async (HttpContext context) =>
        {
            await stub.RecordAsync(context);
            await Detail(context, 404, "Not Found");
        });
        stub.Origin = await LoopbackHost.StartAsync(app);
        return stub;
    }

    /// <summary>The next creates fail this way, one fault each, in order.</summary>
    public void ScriptCreates(params LumaCreateFault[] faults)
    {
        foreach (var fault in faults)
        {
            _createFaults.Enqueue(fault);
        }
    }

    /// <summary>The next accepted generations end this way, one script each, in order.</summary>
    public void ScriptGenerations(params LumaGenerationScript[] scripts)
    {
        foreach (var script in scripts)
        {
            _scripts.Enqueue(script);
        }
    }

    /// <summary>The next <paramref name="count"/> <c>GET /generations/{id}</c> answer 500.</summary>
    public void FailNextPolls(int count) => Volatile.Write(ref _pollFailuresLeft, count);

    /// <summary>Every generation still running finishes now.</summary>
    public void CompleteAll()
    {
        foreach (var generation in _generations.Values)
        {
            generation.ReadyAt = DateTimeOffset.MinValue;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task CreateAsync(HttpContext context)
    {
        var body = await RecordAsync(context);
        if (!Authorized(context))
        {
            await Detail(context, 401, "Invalid API key");
            return;
        }

        if (_failEveryCreate)
        {
            await Detail(context, 500, "Internal Server Error");
            return;
        }

        _createFaults.TryDequeue(out var fault);
        switch (fault)
        {
            case LumaCreateFault.InternalError:
                await Detail(context, 500, "Internal Server Error");
                return;
            case LumaCreateFault.RateLimited:
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Detail(context, 429, "Too many requests, please slow down");
                return;
            case LumaCreateFault.BlacklistedPrompt:
                await Detail(context, 400, "prompt not allowed because it contains blacklisted words");
                return;
        }

        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            await Detail(context, 422, "Invalid JSON body");
            return;
        }

        if (Validate(request) is { } invalid)
        {
            await Detail(context, 400, invalid);
            return;
        }

        var generation = Accept(request);
        switch (fault)
        {
            case LumaCreateFault.HangAfterAccepting:
                // Luma has the job, but its answer never reaches the caller.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case LumaCreateFault.MalformedAnswer:
                context.Response.StatusCode = 201;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\": \"" + generation.Id + "\", \"state\": ", context.RequestAborted);
                return;
        }

        await Json(context, 201, ToJson(generation, "queued"));
    }

    private async Task GetAsync(HttpContext context, string id)
    {
        await RecordAsync(context);
        if (!Authorized(context))
        {
            await Detail(context, 401, "Invalid API key");
            return;
        }

        if (Interlocked.Decrement(ref _pollFailuresLeft) >= 0)
        {
            await Detail(context, 500, "Internal Server Error");
            return;
        }

        Interlocked.Exchange(ref _pollFailuresLeft, 0);
        if (!_generations.TryGetValue(id, out var generation) || generation.Deleted)
        {
            await Detail(context, 404, "Generation not found");
            return;
        }

        await Json(context, 200, ToJson(generation, StateOf(generation)));
    }

    private async Task ListAsync(HttpContext context)
    {
        await RecordAsync(context);
        if (!Authorized(context))
        {
            await Detail(context, 401, "Invalid API key");
            return;
        }

        var limit = int.TryParse(context.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 10;
        var offset = int.TryParse(context.Request.Query["offset"], CultureInfo.InvariantCulture, out var o) ? o : 0;
        var all = _generations.Values.Where(g => !g.Deleted).OrderByDescending(g => g.Sequence).ToList();
        var page = all.Skip(offset).Take(limit).ToList();
        var answer = new JsonObject
        {
            ["generations"] = new JsonArray([.. page.Select(g => (JsonNode)ToJson(g, StateOf(g)))]),
            ["count"] = page.Count,
            ["has_more"] = offset + page.Count < all.Count,
            ["limit"] = limit,
            ["offset"] = offset,
        };
        await Json(context, 200, answer);
    }

    private async Task DeleteAsync(HttpContext context, string id)
    {
        await RecordAsync(context);
        if (!Authorized(context))
        {
            await Detail(context, 401, "Invalid API key");
            return;
        }

        if (!_generations.TryGetValue(id, out var generation) || generation.Deleted)
        {
            await Detail(context, 404, "Generation not found");
            return;
        }

        generation.Deleted = true;
        context.Response.StatusCode = 204;
    }

    private async Task VideoAsync(HttpContext context, string id)
    {
        await RecordAsync(context);
        if (!_generations.TryGetValue(id, out var generation) || generation.Script.Output == LumaStubOutput.Missing)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("<Error><Code>NoSuchKey</Code></Error>", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "video/mp4";
        if (generation.Script.Output == LumaStubOutput.NotVideo)
        {
            await context.Response.WriteAsync("this is not a video, just some text served as video/mp4", context.RequestAborted);
            return;
        }

        await context.Response.SendFileAsync(await generation.Video, context.RequestAborted);
    }

    private async Task ThumbnailAsync(HttpContext context, string id)
    {
        await RecordAsync(context);
        context.Response.ContentType = "image/jpeg";
        await context.Response.SendFileAsync(await _media.ThumbnailAsync(), context.RequestAborted);
    }

    private Generation Accept(JsonObject request)
    {
        _scripts.TryDequeue(out var script);
        script ??= DefaultScript;
        var (width, height) = PixelSize((string?)request["resolution"] ?? "720p", (string?)request["aspect_ratio"] ?? "16:9");
        var seconds = (string?)request["duration"] == "9s" ? 9 : 5;
        var generation = new Generation
        {
            Id = Guid.NewGuid().ToString(),
            Sequence = Interlocked.Increment(ref _sequence),
            Model = (string)request["model"]!,
            Request = request,
            Script = script,
            CreatedAt = TimeProvider.System.GetUtcNow(),
            ReadyAt = TimeProvider.System.GetUtcNow() + (script.Delay ?? CompleteAfter),
            Video = script.FailureReason is null ? _media.VideoAsync(width, height, seconds) : Task.FromResult(""),
        };
        _generations[generation.Id] = generation;
        return generation;
    }

    private static string? Validate(JsonObject request)
    {
        var prompt = (string?)request["prompt"];
        if (request["keyframes"] is null && string.IsNullOrEmpty(prompt))
        {
            return "Prompt is required";
        }

        if (prompt is { Length: < 3 })
        {
            return "Prompt is too short, minimum length is 3 characters";
        }

        if ((string?)request["generation_type"] is { } type && type != "video")
        {
            return "Unknown request type";
        }

        if ((string?)request["model"] is not { } model || !Models.Contains(model))
        {
            return $"model must be one of {string.Join(", ", Models)}";
        }

        if ((string?)request["aspect_ratio"] is { } ratio && !Ratios.Contains(ratio))
        {
            return "Invalid aspect_ratio";
        }

        if ((string?)request["resolution"] is { } resolution && resolution is not ("540p" or "720p" or "1080p" or "4k"))
        {
            return "Invalid resolution";
        }

        return (string?)request["duration"] is { } duration && duration is not ("5s" or "9s") ? "Invalid duration" : null;
    }

    private string StateOf(Generation generation)
    {
        if (TimeProvider.System.GetUtcNow() >= generation.ReadyAt && generation.Video.IsCompleted)
        {
            return generation.Script.FailureReason is null ? "completed" : "failed";
        }

        // Luma says "queued" first, "dreaming" while it renders.
        return generation.NextPoll() == 1 ? "queued" : "dreaming";
    }

    private JsonObject ToJson(Generation generation, string state) => new()
    {
        ["id"] = generation.Id,
        ["generation_type"] = "video",
        ["state"] = state,
        ["failure_reason"] = state == "failed" ? generation.Script.FailureReason : null,
        ["created_at"] = generation.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["model"] = generation.Model,
        ["assets"] = state == "completed"
            ? new JsonObject
            {
                ["video"] = $"{Origin}/cdn/{generation.Id}/video.mp4",
                ["image"] = $"{Origin}/cdn/{generation.Id}/thumb.jpg",
                ["progress_video"] = null,
            }
            : null,
        ["request"] = generation.Request.DeepClone(),
    };

    /// <summary>Luma's size for a resolution and ratio; assumed to match ours (short side = the class), UNCONFIRMED.</summary>
    private static (int Width, int Height) PixelSize(string resolution, string ratio)
    {
        var shortSide = resolution switch { "540p" => 540, "1080p" => 1080, "4k" => 2160, _ => 720 };
        var longSide = shortSide * 16 / 9;
        return ratio switch { "9:16" => (shortSide, longSide), "1:1" => (shortSide, shortSide), _ => (longSide, shortSide) };
    }

    private bool Authorized(HttpContext context) => context.Request.Headers.Authorization.ToString() == "Bearer " + ApiKey;

    private async Task<string> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        _requests.Enqueue(new LumaStubRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            TimeProvider.System.GetUtcNow()));
        return body;
    }

    private static Task Detail(HttpContext context, int status, string detail)
        => Json(context, status, new JsonObject { ["detail"] = detail });

    private static async Task Json(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private sealed class Generation
    {
        private int _polls;

        public required string Id { get; init; }
        public required int Sequence { get; init; }
        public required string Model { get; init; }
        public required JsonObject Request { get; init; }
        public required LumaGenerationScript Script { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public required DateTimeOffset ReadyAt { get; set; }
        public required Task<string> Video { get; init; }
        public bool Deleted { get; set; }

        public int NextPoll() => Interlocked.Increment(ref _polls);
    }
}
