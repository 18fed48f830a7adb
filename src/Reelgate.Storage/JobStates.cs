using Reelgate.Contracts.Video;

namespace Reelgate.Storage;

/// <summary>
/// <see cref="VideoJobState"/> as stored in <c>jobs.state</c>, for SQL text: the persisted values
/// only ever grow (the migrations' indexes name them too), and a test holds them to the enum.
/// </summary>
internal static class JobStates
{
    public const string Queued = "0";
    public const string Running = "1";
    public const string Succeeded = "2";
    public const string Failed = "3";
    public const string Canceled = "4";
    public const string Expired = "5";

    /// <summary>Queued or running.</summary>
    public const string Active = $"({Queued}, {Running})";
}
