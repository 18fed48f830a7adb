namespace Reelgate.Cli;

/// <summary>A usage or configuration problem: exit code 2 with the message on stderr.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
