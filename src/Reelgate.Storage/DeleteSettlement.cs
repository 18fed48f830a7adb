using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;

namespace Reelgate.Storage;

/// <summary>What deleting a job does to its credit hold, the same for every store.</summary>
internal static class DeleteSettlement
{
    /// <summary>
    /// An active job's hold is released with it. A failed job that still holds credit has an unknown
    /// vendor outcome (the vendor may charge us): deleting hides it from the user, but the hold stays
    /// for the operator to settle (<c>admin held-jobs</c>, <c>admin settle-job</c>).
    /// </summary>
    public static bool ReleasesHold(Job deleted) => deleted.State != VideoJobState.Failed;

    /// <summary>The deleted job as it stands after settlement.</summary>
    public static Job AfterSettlement(Job deleted) => ReleasesHold(deleted) ? deleted with { HoldMicros = 0 } : deleted;
}
