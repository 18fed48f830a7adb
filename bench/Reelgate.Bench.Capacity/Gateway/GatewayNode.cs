using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Reelgate.Client;

namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>
/// One gateway process started from its Release dll on a loopback port of its choosing. Its output
/// goes to <c>NAME.log</c> in the data directory; it is ready once it prints <c>Now listening on:</c>.
/// </summary>
internal sealed class GatewayNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly HttpClient _metrics;
    private readonly Lock _logLock = new();
    private bool _closed;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayNode(Process process, StreamWriter log, string name, string logPath)
    {
        _process = process;
        _log = log;
        Name = name;
        LogPath = logPath;
        _metrics = new HttpClient(Http.Handler, disposeHandler: false);
    }

    public string Name { get; }

    /// <summary>The node's console output.</summary>
    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<GatewayNode> StartAsync(GatewayConfig config, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        Directory.CreateDirectory(config.DataDirectory);
        var logPath = Path.Combine(config.DataDirectory, name + ".log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(config.StartInfo(["--urls", "http://127.0.0.1:0"])) ?? throw new InvalidOperationException("dotnet did not start");
        var node = new GatewayNode(process, log, name, logPath);
        process.OutputDataReceived += (_, e) => node.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            node.BaseAddress = await node._listening.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>A client of the gateway's API with <paramref name="apiKey"/>, without retries (a 429 or 503 is an error the bench reports).</summary>
    public ReelgateClient Client(string apiKey)
    {
        var http = new HttpClient(Http.Handler, disposeHandler: false) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return new ReelgateClient(http, new ReelgateClientOptions { MaxRetries = 0 });
    }

    public async Task<MetricsSnapshot> ScrapeAsync(CancellationToken cancellationToken)
        => MetricsSnapshot.Parse(await _metrics.GetStringAsync(new Uri(BaseAddress, "metrics"), cancellationToken));

    /// <summary>
    /// A scrape whose store-read gauges (queue, vendor slots) are fresh, unless another scrape read
    /// them less than 5 s ago: the gateway reads them in the background when a scrape finds them
    /// stale and answers the previous reading meanwhile, so this scrapes twice.
    /// </summary>
    public async Task<MetricsSnapshot> ScrapeFreshAsync(CancellationToken cancellationToken)
    {
        await ScrapeAsync(cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        return await ScrapeAsync(cancellationToken);
    }

    public ProcessSample Sample() => ProcessSample.Read(_process.Id);

    /// <summary>Stops the node as an orchestrator does (SIGTERM) and answers how long it took to exit.</summary>
    public async Task<TimeSpan> StopAsync(CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return TimeSpan.Zero;
        }

        var started = Stopwatch.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken);
        return Stopwatch.GetElapsedTime(started);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
        _metrics.Dispose();
        lock (_logLock)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }

        const string Listening = "Now listening on: ";
        var at = line.IndexOf(Listening, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + Listening.Length)..].Trim().TrimEnd('/') + "/"));
        }
    }
}
