namespace Reelgate.Core.Diagnostics;

/// <summary>Log event ids, one range per area, so operators can filter by number.</summary>
internal static class EventIds
{
    // 1000-1099 dispatcher
    public const int DispatcherStarted = 1000;
    public const int DispatcherTickFailed = 1001;
    public const int LeasesTakenOver = 1002;
    public const int JobClaimed = 1010;
    public const int JobSubmitted = 1011;
    public const int JobSucceeded = 1012;
    public const int JobFailed = 1013;
    public const int JobFallback = 1014;
    public const int JobCanceled = 1015;
    public const int JobReleased = 1016;
    public const int JobCrashed = 1017;
    public const int PollFailed = 1018;
    public const int VendorCancelFailed = 1019;
    public const int LeaseLost = 1020;
    public const int InterruptedSubmitFound = 1021;
    public const int QueueReadFailed = 1022;
    public const int JobMoved = 1023;
    public const int VendorPaused = 1024;
    public const int VendorPauseNotShared = 1025;
    public const int DispatcherRetired = 1026;
    public const int DispatcherHeartbeatFailed = 1027;
    public const int JobsReaped = 1028;
    public const int DispatcherLeaseLost = 1029;

    // 1100-1199 retention
    public const int JobsExpired = 1100;
    public const int SweepFailed = 1101;
    public const int ArtifactDeleteFailed = 1102;

    // 1200-1299 jobs (use cases)
    public const int JobAccepted = 1200;
    public const int JobArtifactDeleteFailed = 1201;

    // 1300-1349 job events (PostgreSQL LISTEN/NOTIFY)
    public const int JobEventsListening = 1300;
    public const int JobEventsListenFailed = 1301;

    // 1350-1399 blob stores
    public const int BlobStored = 1350;
    public const int MultipartFailed = 1351;
    public const int MultipartAbortFailed = 1352;
}
