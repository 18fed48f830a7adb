namespace Reelgate.Vendors.Media;

/// <summary>Optional settings of a <see cref="ProcessRunner"/> run.</summary>
internal sealed record ProcessRunOptions
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Gets each stdout line as it arrives (ffmpeg <c>-progress</c>); stdout is then not collected.</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>Gets the process id once the process runs.</summary>
    public Action<int>? OnStarted { get; init; }
}
