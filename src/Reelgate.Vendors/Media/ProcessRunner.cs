using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Reelgate.Vendors.Media;

/// <summary>
/// Runs a command-line tool (ffmpeg, ffprobe) with an argument list, never a shell string, so
/// prompts and paths cannot inject anything.
/// </summary>
internal static class ProcessRunner
{
    private const int StandardErrorTailChars = 4096;

    /// <summary>Runs the tool to its end; cancellation kills its whole process tree.</summary>
    /// <exception cref="InvalidOperationException">The tool could not be started (not installed, wrong path).</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        ProcessRunOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        cancellationToken.ThrowIfCancellationRequested();

        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            // Redirected and closed at once, so a tool that reads stdin sees EOF instead of our console.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = options?.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"Could not start '{fileName}' ({ex.Message}). Install ffmpeg, which provides ffmpeg and ffprobe "
                + "(Debian/Ubuntu: apt-get install ffmpeg), or set Reelgate:Media:FfmpegPath / FfprobePath.",
                ex);
        }

        process.StandardInput.Close();
        options?.OnStarted?.Invoke(process.Id);
        var output = options?.OnOutputLine is { } onLine
            ? ReadLinesAsync(process.StandardOutput, onLine)
            : process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errorTail = ReadTailAsync(process.StandardError);

        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            // The kill closes the pipes, so this and the readers end promptly; the readers' results
            // no longer matter, only that they are finished and observed.
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll((Task)output, errorTail).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        return new ProcessResult(process.ExitCode, await output, await errorTail);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting while we tried; WaitForExit below still settles it.
        }
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            onLine(line);
        }

        return string.Empty;
    }

    /// <summary>Keeps only the end of stderr: ffmpeg can write a lot, and the error is at the end.</summary>
    private static async Task<string> ReadTailAsync(StreamReader reader)
    {
        var buffer = new char[1024];
        var tail = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > 2 * StandardErrorTailChars)
            {
                tail.Remove(0, tail.Length - StandardErrorTailChars);
            }
        }

        return tail.Length > StandardErrorTailChars
            ? tail.ToString(tail.Length - StandardErrorTailChars, StandardErrorTailChars)
            : tail.ToString();
    }
}
