using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Reelgate.Contracts.Serialization;
using Spectre.Console;

namespace Reelgate.Cli;

/// <summary>
/// Where a verb writes: results on stdout (JSON alone with <c>--json</c>), messages and the progress bar on
/// stderr, so that <c>reelgate … --json | jq</c> and <c>id=$(reelgate generate …)</c> read only the answer.
/// </summary>
internal sealed class CliOutput(bool json)
{
    /// <summary>The contract's JSON, indented and without <c>\u0027</c>-style escapes (stdout is never HTML).</summary>
    public static ReelgateJsonContext Wire { get; } = new(new JsonSerializerOptions(ReelgateJsonContext.Default.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public bool Json => json;

    /// <summary>Human-readable results (tables, lines).</summary>
    public IAnsiConsole Out { get; } = AnsiConsole.Console;

    /// <summary>Progress and notes: stderr, so stdout stays the result.</summary>
    public IAnsiConsole Status { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) => Console.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>A plain line on stdout (markup is not interpreted).</summary>
    public void Line(string text) => Out.WriteLine(text);

    public static void Error(string text) => Console.Error.WriteLine(text);
}
