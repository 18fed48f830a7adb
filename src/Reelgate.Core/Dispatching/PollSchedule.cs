namespace Reelgate.Core.Dispatching;

/// <summary>
/// When to poll a vendor job next. The vendor's minimum interval (its documented polling advice)
/// holds while the job is young; after that the interval is a tenth of the time the job has spent
/// at the vendor, up to <see cref="DispatcherOptions.MaxPollInterval"/>. A finished job is seen at
/// most ~10% of its run time late (6 s for a one-minute job), and 10 000 jobs that run for an hour
/// cost about 330 polls a second at the default ceiling instead of 2 000 at a fixed 5 s.
/// </summary>
internal static class PollSchedule
{
    public static TimeSpan Next(TimeSpan minimum, TimeSpan maximum, TimeSpan age)
    {
        var grown = age / 10;
        if (grown > maximum)
        {
            grown = maximum;
        }

        return grown > minimum ? grown : minimum;
    }
}
