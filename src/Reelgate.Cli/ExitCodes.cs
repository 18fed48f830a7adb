namespace Reelgate.Cli;

/// <summary>The exit codes of <c>reelgate</c>; scripts rely on them (docs/CLIENTS.md).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The job failed or was canceled, or the gateway refused the operation (cancel of an ended job).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or configuration: unknown option, missing argument, no API key, malformed URL or config file.</summary>
    public const int Usage = 2;

    /// <summary>The gateway answered 4xx/5xx; the envelope's code and message are on stderr.</summary>
    public const int ApiError = 3;

    /// <summary>The gateway could not be reached (connection refused, DNS, timeout, TLS).</summary>
    public const int NetworkError = 4;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
