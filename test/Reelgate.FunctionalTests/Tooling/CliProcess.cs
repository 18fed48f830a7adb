using System.Diagnostics;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Tooling;

/// <summary>
/// Runs the built <c>reelgate.dll</c> as a new user would: its own process, a fresh <c>HOME</c>, and only the
/// environment the test gives it (no inherited <c>REELGATE_*</c> or <c>XDG_CONFIG_HOME</c>).
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly TempDirectory _home = new();

    public string Home => _home.Path;

    /// <summary>The user's working directory (relative <c>--output</c> paths land here).</summary>
    public string WorkingDirectory => _home.Path;

    public static string CliDll
    {
        get
        {
            // Tests run from artifacts/bin/Reelgate.FunctionalTests/<config>/; the CLI builds beside it.
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(here.Parent!.Parent!.FullName, "Reelgate.Cli", here.Name, "reelgate.dll");
            Assert.True(File.Exists(path), $"Build the CLI first: {path} is missing.");
            return path;
        }
    }

    /// <summary>Writes <c>~/.config/reelgate/config.json</c>.</summary>
    public void WriteConfig(string json)
    {
        var directory = Path.Combine(Home, ".config", "reelgate");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), json);
    }

    public async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in new[] { "REELGATE_URL", "REELGATE_API_KEY", "XDG_CONFIG_HOME" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["HOME"] = Home;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _home.Dispose();
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
