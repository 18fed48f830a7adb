using System.Diagnostics;
using Reelgate.Bench.Capacity.Gateway;
using Reelgate.Bench.Capacity.Stub;

namespace Reelgate.Bench.Capacity;

/// <summary>
/// What every scenario shares: the gateway's dll, a work directory for data and clips, the
/// PostgreSQL servers (when given) and the frame rate of the cheap clip.
/// </summary>
internal sealed class BenchContext
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public required string ServerDll { get; init; }

    public required string WorkDirectory { get; init; }

    /// <summary>Whether the bench made <see cref="WorkDirectory"/> (no <c>CAPACITY_WORK_DIR</c>) and so removes it at the end.</summary>
    public bool OwnsWorkDirectory { get; init; }

    /// <summary>Admin connection string of a PostgreSQL server (eng/services.sh) for the cluster scenario; null skips it.</summary>
    public string? Postgres { get; init; }

    /// <summary>Admin connection string of a PostgreSQL server that loads <c>pg_stat_statements</c>, for the cost scenario's statement count; null skips that row.</summary>
    public string? PostgresWithStatements { get; init; }

    /// <summary>Frame rate of the clip outside the cost scenario (which renders 24 fps): a low rate keeps the gateway's ingest cheap.</summary>
    public int ClipFps { get; init; } = 1;

    /// <summary>Settings added to every gateway (<c>CAPACITY_GATEWAY_SETTINGS="Key=Value;Key=Value"</c>, configuration keys with colons), for experiments.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraSettings { get; init; } = [];

    /// <summary>Where the cost scenario's budgets live (bench/budgets/capacity.json).</summary>
    public required string BudgetFile { get; init; }

    public static BenchContext FromEnvironment() => new()
    {
        ServerDll = Path.GetFullPath(Env.String("CAPACITY_SERVER_DLL") ?? "artifacts/bin/Reelgate.Server/release/Reelgate.Server.dll"),
        WorkDirectory = Env.String("CAPACITY_WORK_DIR") is { } work ? Directory.CreateDirectory(work).FullName : Directory.CreateTempSubdirectory("reelgate-capacity-").FullName,
        OwnsWorkDirectory = Env.String("CAPACITY_WORK_DIR") is null,
        Postgres = Env.String("CAPACITY_POSTGRES"),
        PostgresWithStatements = Env.String("CAPACITY_POSTGRES_STATEMENTS"),
        ClipFps = Env.Int("CAPACITY_CLIP_FPS", 1),
        BudgetFile = Path.GetFullPath(Env.String("CAPACITY_BUDGET_FILE") ?? "bench/budgets/capacity.json"),
        ExtraSettings = (Env.String("CAPACITY_GATEWAY_SETTINGS") ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split('=', 2))
            .Select(kv => KeyValuePair.Create(kv[0], kv.Length > 1 ? kv[1] : ""))
            .ToList(),
    };

    /// <summary>Progress on stderr, so stdout carries only the result lines.</summary>
    public void Log(string message) => Console.Error.WriteLine($"[{Stopwatch.GetElapsedTime(_started).TotalSeconds,7:F1}s] {message}");

    public string NewDataDirectory(string name)
    {
        var path = Path.Combine(WorkDirectory, name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A stub whose tasks take <paramref name="taskDuration"/> (null: never finish), with a clip rendered at <paramref name="fps"/>.</summary>
    public async Task<RunwayStub> StartStubAsync(TimeSpan? taskDuration, int fps, CancellationToken cancellationToken)
    {
        var clip = await ClipRenderer.RenderAsync(WorkDirectory, Jobs.Seconds, fps, cancellationToken);
        return await RunwayStub.StartAsync(new RunwayStubOptions { TaskDuration = taskDuration, Clip = clip, ClipSeconds = Jobs.Seconds }, cancellationToken);
    }

    /// <summary>A gateway on its own fresh data directory (SQLite unless told otherwise) pointed at <paramref name="stub"/>.</summary>
    public GatewayConfig Gateway(string name, RunwayStub stub)
        => ExtraSettings.Aggregate(GatewayConfig.ForRunwayStub(ServerDll, NewDataDirectory(name), stub.BaseAddress), (config, s) => config.With(s.Key, s.Value));
}
