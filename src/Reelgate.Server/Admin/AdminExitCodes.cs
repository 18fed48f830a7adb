namespace Reelgate.Server.Admin;

/// <summary>The exit codes of the <c>admin</c> verbs, the same as the <c>reelgate</c> tool's where they overlap.</summary>
internal static class AdminExitCodes
{
    /// <summary>The verb did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The store refused or failed (no such project, nothing to settle, a database that cannot be reached).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: unknown verb or option, missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted with Ctrl+C.</summary>
    public const int Interrupted = 130;
}
