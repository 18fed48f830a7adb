using System.Text.Json;

namespace Reelgate.Server.Admin;

/// <summary>One line per result on stdout, as text or (with <c>--json</c>) as one JSON object; errors on stderr.</summary>
internal sealed class AdminOutput(bool json)
{
    public void Print(string text, Dictionary<string, string?> fields)
        => Console.Out.WriteLine(json ? JsonSerializer.Serialize(fields, AdminJsonContext.Default.DictionaryStringString) : text);

    public static int Error(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return AdminExitCodes.Failed;
    }
}
