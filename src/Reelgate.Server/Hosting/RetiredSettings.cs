namespace Reelgate.Server.Hosting;

/// <summary>
/// Settings that no longer mean anything. A deployment that still sets one starts as before and is
/// told at start what replaced it, instead of silently losing the tuning it believes it has.
/// </summary>
internal static partial class RetiredSettings
{
    private static readonly (string Key, string Replacement)[] Retired =
    [
        (
            "Reelgate:Dispatcher:MaxConcurrentJobs",
            "a job waiting on a remote vendor no longer takes a worker: a node holds up to Reelgate:Dispatcher:MaxJobsInFlight jobs, " +
            "Reelgate:Vendors:<Name>:MaxConcurrentJobs is each vendor account's limit across the deployment, and " +
            "Reelgate:Vendors:Local:MaxConcurrentRenders bounds local rendering"
        ),
    ];

    public static void WarnAboutRetiredSettings(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var (key, replacement) in Retired)
        {
            if (app.Configuration[key] is not null)
            {
                Log.Retired(app.Logger, key, replacement);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1411, LogLevel.Warning, "{Setting} is no longer used and is ignored: {Replacement}")]
        public static partial void Retired(ILogger logger, string setting, string replacement);
    }
}
