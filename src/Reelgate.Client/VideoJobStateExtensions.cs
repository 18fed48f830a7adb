using Reelgate.Contracts.Video;

namespace Reelgate.Client;

/// <summary>Helpers over <see cref="VideoJobState"/>.</summary>
public static class VideoJobStateExtensions
{
    /// <summary>
    /// Whether the job has ended: <c>succeeded</c>, <c>failed</c>, <c>canceled</c> or <c>expired</c>. A terminal
    /// state never changes again, except <c>succeeded</c> becoming <c>expired</c> when its retention ends.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <returns>True for a terminal state.</returns>
    public static bool IsTerminal(this VideoJobState state)
        => state is VideoJobState.Succeeded or VideoJobState.Failed or VideoJobState.Canceled or VideoJobState.Expired;
}
