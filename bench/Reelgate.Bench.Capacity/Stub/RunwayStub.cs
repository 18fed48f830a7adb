using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Reelgate.Bench.Capacity.Stub;

/// <summary>
/// A Runway developer API on loopback, written from its contract (docs/vendors/runway.md), not from
/// the gateway's adapter: <c>POST /v1/text_to_video</c> answers a task id, <c>GET /v1/tasks/{id}</c>
/// reports <c>RUNNING</c> (no progress) until the task's time is up and then <c>SUCCEEDED</c> with one
/// output URL, served by the stub itself. It counts creates, polls and downloads, the tasks running
/// at once (from create to the first retrieval that reports the end) and their peak, and logs each
/// create's arrival time and prompt.
/// </summary>
internal sealed class RunwayStub : IAsyncDisposable
{
    public const string ApiVersion = "2024-11-06";

    private readonly WebApplication _app;
    private readonly RunwayStubOptions _options;
    private readonly ConcurrentDictionary<string, StubTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<StubCreate> _creates = new();
    private long _polls;
    private long _downloads;
    private long _refused;
    private int _running;
    private int _peakRunning;
    private long _lastEndedAt;

    private RunwayStub(WebApplication app, RunwayStubOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The stub's root, to be the gateway's <c>Reelgate:Vendors:Runway:BaseUrl</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public long Creates => _creates.Count;

    public long Polls => Interlocked.Read(ref _polls);

    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>Requests answered 4xx (bad auth, version or body): a correct gateway sends none.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public int Running => Volatile.Read(ref _running);

    public int PeakRunning => Volatile.Read(ref _peakRunning);

    /// <summary>When a task last ended (the retrieval that first reported it finished), as a <see cref="Stopwatch"/> timestamp; 0 before any.</summary>
    public long LastEndedAt => Interlocked.Read(ref _lastEndedAt);

    /// <summary>Every create so far, in arrival order.</summary>
    public IReadOnlyList<StubCreate> CreateLog => [.. _creates];

    public static async Task<RunwayStub> StartAsync(RunwayStubOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = null);
        var app = builder.Build();
        var stub = new RunwayStub(app, options);
        stub.Map(app);
        await app.StartAsync(cancellationToken);
        stub.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/v1/text_to_video", CreateAsync);
        app.MapGet("/v1/tasks/{id}", Retrieve);
        app.MapDelete("/v1/tasks/{id}", Delete);
        app.MapGet("/outputs/{id}.mp4", Download);
    }

    private async Task<IResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var arrivedAt = Stopwatch.GetTimestamp();
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        var body = await request.ReadFromJsonAsync(RunwayJsonContext.Default.TextToVideoRequest, cancellationToken);
        if (body is not { Model: not null, PromptText: not null, Ratio: not null, Duration: not null })
        {
            return Refuse(StatusCodes.Status400BadRequest, "model, promptText, ratio and duration are required");
        }

        if (body.Ratio != _options.Ratio || body.Duration != _options.ClipSeconds)
        {
            // The stub has one rendered clip; a job asking for another shape would fail the gateway's output check.
            return Refuse(StatusCodes.Status400BadRequest, $"this stub renders {_options.Ratio} for {_options.ClipSeconds} s only");
        }

        var task = new StubTask(Guid.NewGuid().ToString(), arrivedAt, TimeProvider.System.GetUtcNow());
        _tasks[task.Id] = task;
        _creates.Enqueue(new StubCreate(task.Id, arrivedAt, body.PromptText));
        var running = Interlocked.Increment(ref _running);
        for (var peak = Volatile.Read(ref _peakRunning); running > peak; peak = Volatile.Read(ref _peakRunning))
        {
            if (Interlocked.CompareExchange(ref _peakRunning, running, peak) == peak)
            {
                break;
            }
        }

        return TypedResults.Json(new TaskCreated(task.Id), RunwayJsonContext.Default.TaskCreated);
    }

    private IResult Retrieve(HttpRequest request, string id)
    {
        Interlocked.Increment(ref _polls);
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        if (!_tasks.TryGetValue(id, out var task))
        {
            return Refuse(StatusCodes.Status404NotFound, "task not found");
        }

        var done = _options.TaskDuration is { } duration && Stopwatch.GetElapsedTime(task.CreatedAt) >= duration;
        if (!done)
        {
            return TypedResults.Json(new TaskView(id, Iso(task.CreatedUtc), "RUNNING", null), RunwayJsonContext.Default.TaskView);
        }

        if (task.End())
        {
            Interlocked.Decrement(ref _running);
            Interlocked.Exchange(ref _lastEndedAt, Stopwatch.GetTimestamp());
        }

        var output = new Uri(BaseAddress, $"outputs/{id}.mp4").ToString();
        return TypedResults.Json(new TaskView(id, Iso(task.CreatedUtc), "SUCCEEDED", [output]), RunwayJsonContext.Default.TaskView);
    }

    private IResult Delete(HttpRequest request, string id)
    {
        if (Unauthorized(request) is { } refused)
        {
            return refused;
        }

        if (!_tasks.TryRemove(id, out var task))
        {
            return Refuse(StatusCodes.Status404NotFound, "task not found");
        }

        if (task.End())
        {
            Interlocked.Decrement(ref _running);
        }

        return TypedResults.NoContent();
    }

    private IResult Download(string id)
    {
        if (!_tasks.ContainsKey(id))
        {
            return Refuse(StatusCodes.Status404NotFound, "no such output");
        }

        Interlocked.Increment(ref _downloads);
        return TypedResults.Bytes(_options.Clip, "video/mp4");
    }

    private IResult? Unauthorized(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || auth.Length == "Bearer ".Length)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "missing API key");
        }

        return request.Headers["X-Runway-Version"] == ApiVersion
            ? null
            : Refuse(StatusCodes.Status400BadRequest, $"X-Runway-Version must be {ApiVersion}");
    }

    private IResult Refuse(int status, string message)
    {
        Interlocked.Increment(ref _refused);
        return TypedResults.Json(new RunwayError(message), RunwayJsonContext.Default.RunwayError, statusCode: status);
    }

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
