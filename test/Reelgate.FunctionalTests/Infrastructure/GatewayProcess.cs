using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Reelgate.FunctionalTests.Infrastructure;

/// <summary>
/// The gateway as an operator runs it: the built <c>Reelgate.Server.dll</c> in its own process,
/// on a loopback port, with <c>REELGATE_DATA_DIR</c>. Used where a test needs a real Kestrel
/// (curl) or must kill the process.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <param name="dataDirectory">The gateway's <c>REELGATE_DATA_DIR</c>.</param>
    /// <param name="settings">Configuration keys without the <c>Reelgate:</c> prefix (except <c>ConnectionStrings:…</c>).</param>
    public GatewayProcess(string dataDirectory, params (string Key, string Value)[] settings)
    {
        DataDirectory = dataDirectory;
        Settings = settings;
        Port = FreePort();
    }

    public string DataDirectory { get; }

    public (string Key, string Value)[] Settings { get; }

    /// <summary>Environment variables passed as they are (e.g. <c>OTEL_*</c>, <c>Logging__…</c>), beside <see cref="Settings"/>.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string ServerDll
    {
        get
        {
            // Tests run from artifacts/bin/Reelgate.FunctionalTests/<config>/; the server sits beside it.
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(here.Parent!.Parent!.FullName, "Reelgate.Server", here.Name, "Reelgate.Server.dll");
            Assert.True(File.Exists(path), $"Build the server first: {path} is missing.");
            return path;
        }
    }

    public async Task StartAsync()
    {
        var start = Start("--urls", BaseUrl);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Capture(e.Data, ready);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data, ready);
        _process.Exited += (_, _) =>
        {
            // The parameterless wait also drains the redirected output, so the message is complete.
            _process.WaitForExit();
            ready.TrySetException(new InvalidOperationException("The gateway exited during start-up:\n" + Output));
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
    }

    /// <summary>Runs <c>admin …</c> against the same data directory; answers exit code and stdout.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> AdminAsync(params string[] args)
    {
        var start = Start(["admin", .. args]);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    public async Task<string> CreateKeyAsync(string project)
    {
        var (code, stdout, stderr) = await AdminAsync("create-key", "--project", project);
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }

    public bool HasExited => _process is { HasExited: true };

    /// <summary>The OS process id (part of the dispatcher's lease owner name).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The gateway has not been started.");

    /// <summary>SIGKILL: no shutdown hooks run, as when a machine dies.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private ProcessStartInfo Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["REELGATE_DATA_DIR"] = DataDirectory;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        // Keys are under Reelgate: unless they name a connection string; admin verbs see them too.
        foreach (var (key, value) in Settings)
        {
            var name = key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) ? key : "Reelgate:" + key;
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    private void Capture(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Now listening on:", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
