using System.Collections.Concurrent;
using System.Diagnostics;
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

namespace Reelgate.FunctionalTests.Vendors.Runway;

/// <summary>
/// A loopback stand-in for Runway's developer API (docs/vendors/runway.md): a real Kestrel that
/// speaks <c>POST /v1/text_to_video</c>, <c>POST /v1/image_to_video</c>, <c>GET /v1/tasks/{id}</c>
/// and <c>DELETE /v1/tasks/{id}</c> with bearer auth and <c>X-Runway-Version</c>, camelCase JSON,
/// Runway's task states and failure codes, and serves each task's output as a real MP4 at the
/// size and length the create asked for. It records every request and can be told to misbehave.
/// Faults are taken by a task when it is created, so changing them later leaves earlier tasks alone.
/// </summary>
internal sealed class RunwayStub : IAsyncDisposable
{
    public const string ApiKey = "test-key";
    public const string Version = "2024-11-06";

    /// <summary>A 1x1 PNG the stub serves at <c>/assets/reference.png</c>, for reference-image tests.</summary>
    public static readonly byte[] ReferencePng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static readonly string[] Models = ["gen4.5", "gen4_turbo", "veo3.1", "veo3.1_fast", "veo3"];

    private readonly WebApplication _app;
    private readonly RunwayVideoFixture _videos;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, StubTask> _tasks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _rateLimitedCreates;
    private int _rateLimitedPolls;
    private int _failingPolls;
    private volatile bool _finishAll;

    private RunwayStub(WebApplication app, RunwayVideoFixture videos)
    {
        _app = app;
        _videos = videos;
    }

    public string Url { get; private set; } = null!;

    /// <summary>How long a task takes from create to <c>SUCCEEDED</c> (its first fifth is <c>PENDING</c>).</summary>
    public TimeSpan RunTime { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Report waiting tasks as <c>THROTTLED</c> (over the account's concurrency) instead of <c>PENDING</c>.</summary>
    public bool Throttled { get; set; }

    /// <summary>New tasks end <c>FAILED</c> with this <c>failureCode</c> and <c>failure</c> text.</summary>
    public (string Code, string Text)? TaskFailure { get; set; }

    /// <summary>Creates are refused with this status and Runway's <c>{"error": …}</c> body (no task is made).</summary>
    public (int Status, string Message)? CreateError { get; set; }

    /// <summary>Creates record the task and then never answer (an accepted submit whose answer is lost).</summary>
    public bool HangCreates { get; set; }

    /// <summary>Creates record the task and answer 200 with a body that is not JSON.</summary>
    public bool MalformedCreates { get; set; }

    /// <summary>How long an output link takes before it starts sending the file (a slow CDN).</summary>
    public TimeSpan OutputDelay { get; set; }

    /// <summary>New tasks' output links answer 404.</summary>
    public bool MissingOutput { get; set; }

    /// <summary>New tasks' output links serve an HTML page instead of a video.</summary>
    public bool NonVideoOutput { get; set; }

    /// <summary>The value of <c>Retry-After</c> on 429s (seconds), or null to send none.</summary>
    public string? RetryAfter { get; set; } = "1";

    /// <summary>The requests received, oldest first (refused ones included).</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The create calls received.</summary>
    public IReadOnlyList<RecordedRequest> Creates => [.. _requests.Where(r => r.Method == "POST" && r.Path is "/v1/text_to_video" or "/v1/image_to_video")];

    /// <summary>The ids of the tasks created (accepted) so far.</summary>
    public IReadOnlyList<string> TaskIds => [.. _tasks.Values.OrderBy(t => t.CreatedAt).Select(t => t.Id)];

    public static async Task<RunwayStub> StartAsync(RunwayVideoFixture videos)
    {
        var app = LoopbackHost.Create();
        var stub = new RunwayStub(app, videos);
        app.Use(stub.RecordAsync);
        app.MapPost("/v1/text_to_video", context => stub.CreateAsync(context, imageToVideo: false));
        app.MapPost("/v1/image_to_video", context => stub.CreateAsync(context, imageToVideo: true));
        app.MapGet("/v1/tasks/{id}", (HttpContext context, string id) => stub.RetrieveAsync(context, id));
        app.MapDelete("/v1/tasks/{id}", (HttpContext context, string id) => stub.DeleteAsync(context, id));
        app.MapGet("/outputs/{id}.mp4", (HttpContext context, string id) => stub.OutputAsync(context, id));
        app.MapGet("/assets/reference.png", async (HttpContext context) =>
        {
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(ReferencePng, context.RequestAborted);
        });
        app.MapFallback(context => Error(context, 404, "Not found"));
        stub.Url = await LoopbackHost.StartAsync(app);
        return stub;
    }

    /// <summary>The next <paramref name="count"/> creates answer 429 (Runway's daily quota) with <see cref="RetryAfter"/>.</summary>
    public void RateLimitNextCreates(int count) => Volatile.Write(ref _rateLimitedCreates, count);

    /// <summary>The next <paramref name="count"/> task retrievals answer 429 with <see cref="RetryAfter"/>.</summary>
    public void RateLimitNextPolls(int count) => Volatile.Write(ref _rateLimitedPolls, count);

    /// <summary>Every task, running or created from now on, is done at its next retrieval (for tests that hold tasks with a long <see cref="RunTime"/>).</summary>
    public void FinishAll() => _finishAll = true;

    /// <summary>
    /// The most tasks the account had running at once: a task runs from its create until the first
    /// retrieval that reported it ended (or until now, when none has).
    /// </summary>
    public int PeakConcurrentTasks()
    {
        var tasks = _tasks.Values.ToList();
        return tasks.Count == 0
            ? 0
            : tasks.Max(start => tasks.Count(t => t.CreatedAt <= start.CreatedAt && (t.EndedAt ?? TimeSpan.MaxValue) > start.CreatedAt));
    }

    /// <summary>The next <paramref name="count"/> task retrievals answer 500.</summary>
    public void FailNextPolls(int count) => Volatile.Write(ref _failingPolls, count);

    /// <summary>The create body of a task as the stub parsed it.</summary>
    public JsonObject CreateBodyOf(string taskId) => (JsonObject)_tasks[taskId].Body.DeepClone();

    /// <summary>Waits (bounded) until a request matching <paramref name="match"/> arrives.</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The Runway stub received no matching request within {timeout}; it saw: {string.Join(", ", Requests.Select(r => r.Method + " " + r.Path))}");
        return null!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        var recorded = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            _clock.Elapsed);
        _requests.Enqueue(recorded);
        context.Response.OnStarting(() =>
        {
            recorded.Status = context.Response.StatusCode;
            return Task.CompletedTask;
        });

        if (context.Request.Path.StartsWithSegments("/v1"))
        {
            if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
            {
                await Error(context, 401, "Invalid API secret");
                return;
            }

            if (context.Request.Headers["X-Runway-Version"].ToString() != Version)
            {
                await Error(context, 400, "X-Runway-Version header is missing or not a supported version");
                return;
            }
        }

        await next(context);
    }

    private async Task CreateAsync(HttpContext context, bool imageToVideo)
    {
        if (Interlocked.Decrement(ref _rateLimitedCreates) >= 0)
        {
            if (RetryAfter is { } after)
            {
                context.Response.Headers.RetryAfter = after;
            }

            await Error(context, 429, "You have exceeded the daily task limit for this model");
            return;
        }

        Interlocked.Exchange(ref _rateLimitedCreates, 0);
        if (CreateError is { } refusal)
        {
            await Error(context, refusal.Status, refusal.Message);
            return;
        }

        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)) as JsonObject;
        if ((body is null ? "not a JSON object" : Validate(body, imageToVideo)) is { } invalid)
        {
            await Error(context, 400, "Validation of body failed: " + invalid);
            return;
        }

        var task = new StubTask(Guid.NewGuid().ToString(), body!, _clock.Elapsed, RunTime, TaskFailure, MissingOutput, NonVideoOutput);
        _tasks[task.Id] = task;
        if (HangCreates)
        {
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                await Task.Delay(TimeSpan.FromSeconds(60), linked.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (or the stub stops): the task runs on regardless, as at Runway.
            }

            return;
        }

        if (MalformedCreates)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"id\": \"" + task.Id[..8], context.RequestAborted);
            return;
        }

        await Json(context, 200, new JsonObject { ["id"] = task.Id });
    }

    private async Task RetrieveAsync(HttpContext context, string id)
    {
        if (Interlocked.Decrement(ref _rateLimitedPolls) >= 0)
        {
            if (RetryAfter is { } after)
            {
                context.Response.Headers.RetryAfter = after;
            }

            await Error(context, 429, "Too many requests");
            return;
        }

        Interlocked.Exchange(ref _rateLimitedPolls, 0);
        if (Interlocked.Decrement(ref _failingPolls) >= 0)
        {
            await Error(context, 500, "Internal server error");
            return;
        }

        Interlocked.Exchange(ref _failingPolls, 0);
        if (!_tasks.TryGetValue(id, out var task) || task.Deleted)
        {
            await Error(context, 404, "Task not found");
            return;
        }

        var elapsed = _finishAll ? task.RunTime : _clock.Elapsed - task.CreatedAt;
        var json = new JsonObject { ["id"] = task.Id, ["createdAt"] = "2026-01-01T00:00:00.000Z" };
        if (task.Cancelled)
        {
            json["status"] = "CANCELLED";
        }
        else if (elapsed < task.RunTime / 5)
        {
            json["status"] = Throttled ? "THROTTLED" : "PENDING";
        }
        else if (elapsed < task.RunTime)
        {
            json["status"] = "RUNNING";
            json["progress"] = Math.Round(elapsed / task.RunTime, 2);
        }
        else if (task.Failure is { } failure)
        {
            task.EndedAt ??= _clock.Elapsed;
            json["status"] = "FAILED";
            json["failure"] = failure.Text;
            json["failureCode"] = failure.Code;
        }
        else
        {
            task.EndedAt ??= _clock.Elapsed;
            json["status"] = "SUCCEEDED";
            json["output"] = new JsonArray($"{Url}/outputs/{task.Id}.mp4?_jwt=signed-{task.Id[..8]}");
        }

        await Json(context, 200, json);
    }

    private Task DeleteAsync(HttpContext context, string id)
    {
        if (!_tasks.TryGetValue(id, out var task) || task.Deleted)
        {
            return Error(context, 404, "Task not found");
        }

        // Runway cancels a task still in flight and deletes (with its outputs) one that has ended.
        var running = !task.Cancelled && _clock.Elapsed - task.CreatedAt < task.RunTime;
        if (running)
        {
            task.Cancelled = true;
            task.EndedAt ??= _clock.Elapsed;
        }
        else
        {
            task.Deleted = true;
        }

        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    /// <summary>When (on the stub's clock) a poll first found the task ended, or null while it runs.</summary>
    public TimeSpan? TaskEndedAt(string taskId) => _tasks[taskId].EndedAt;

    private async Task OutputAsync(HttpContext context, string id)
    {
        await Task.Delay(OutputDelay, context.RequestAborted);
        if (!_tasks.TryGetValue(id, out var task) || task.Deleted || task.MissingOutput)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("<Error><Code>NoSuchKey</Code></Error>", context.RequestAborted);
            return;
        }

        if (task.NonVideoOutput)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Access denied</body></html>", context.RequestAborted);
            return;
        }

        var ratio = task.Body["ratio"]!.GetValue<string>().Split(':');
        var path = await _videos.GetAsync(
            int.Parse(ratio[0], CultureInfo.InvariantCulture),
            int.Parse(ratio[1], CultureInfo.InvariantCulture),
            task.Body["duration"]!.GetValue<int>());
        context.Response.ContentType = "video/mp4";
        await context.Response.SendFileAsync(path, context.RequestAborted);
    }

    /// <summary>The create rules of the contract the stub enforces (as Runway's 400 would).</summary>
    private static string? Validate(JsonObject body, bool imageToVideo)
    {
        var model = body["model"]?.GetValueKind() == JsonValueKind.String ? body["model"]!.GetValue<string>() : null;
        if (model is null || !Models.Contains(model))
        {
            return "unknown model";
        }

        if (body["promptText"]?.GetValueKind() != JsonValueKind.String || body["promptText"]!.GetValue<string>().Length is 0 or > 1000)
        {
            return "promptText must be 1-1000 characters";
        }

        if (body["ratio"]?.GetValueKind() != JsonValueKind.String || body["ratio"]!.GetValue<string>().Split(':') is not [{ } w, { } h] || !int.TryParse(w, out _) || !int.TryParse(h, out _))
        {
            return "ratio must be a \"W:H\" string";
        }

        if (body["duration"]?.GetValueKind() != JsonValueKind.Number)
        {
            return "duration must be an integer";
        }

        if (imageToVideo != body.ContainsKey("promptImage"))
        {
            return imageToVideo ? "promptImage is required" : "promptImage is not accepted by text_to_video";
        }

        return model == "gen4_turbo" && !imageToVideo ? "gen4_turbo requires promptImage" : null;
    }

    private static Task Error(HttpContext context, int status, string message)
        => Json(context, status, new JsonObject { ["error"] = message });

    private static async Task Json(HttpContext context, int status, JsonObject json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
    }

    /// <summary>One request as received.</summary>
    public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, TimeSpan At)
    {
        /// <summary>The status the stub answered with (0 until it answers).</summary>
        public int Status { get; set; }

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    private sealed class StubTask(string id, JsonObject body, TimeSpan createdAt, TimeSpan runTime, (string Code, string Text)? failure, bool missingOutput, bool nonVideoOutput)
    {
        public string Id { get; } = id;
        public JsonObject Body { get; } = body;
        public TimeSpan CreatedAt { get; } = createdAt;
        public TimeSpan RunTime { get; } = runTime;
        public (string Code, string Text)? Failure { get; } = failure;
        public bool MissingOutput { get; } = missingOutput;
        public bool NonVideoOutput { get; } = nonVideoOutput;
        public bool Cancelled { get; set; }
        public bool Deleted { get; set; }

        /// <summary>When a retrieval first reported the task ended.</summary>
        public TimeSpan? EndedAt { get; set; }
    }
}
