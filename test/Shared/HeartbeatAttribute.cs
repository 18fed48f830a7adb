using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Xunit.v3;

namespace Reelgate.Testing;

/// <summary>
/// Writes a line to the test's output every <see cref="IntervalSeconds"/> while a test runs past
/// that long. xUnit v3 sends test output to its runner as it is written, so a long test keeps the
/// runner's channel alive. Without it the VSTest adapter (xunit.runner.visualstudio 3.1.5) reports a
/// passing run as "Test process crashed with exit code 0" when the last test ran silent for minutes:
/// it gives the final messages 5 s counted from the last message it received, which was the long
/// test's start, and the process exit can be seen before the last lines are read.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class HeartbeatAttribute : BeforeAfterTestAttribute
{
    private readonly ConcurrentDictionary<string, ITimer> _timers = new(StringComparer.Ordinal);

    public int IntervalSeconds { get; set; } = 2;

    public override void Before(MethodInfo methodUnderTest, IXunitTest test)
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is null)
        {
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        var interval = TimeSpan.FromSeconds(IntervalSeconds);
        var timer = TimeProvider.System.CreateTimer(
            _ => Beat(output, TimeProvider.System.GetElapsedTime(started)),
            null,
            interval,
            interval);
        if (!_timers.TryAdd(test.UniqueID, timer))
        {
            timer.Dispose();
        }
    }

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (_timers.TryRemove(test.UniqueID, out var timer))
        {
            timer.Dispose();
        }
    }

    private static void Beat(ITestOutputHelper output, TimeSpan elapsed)
    {
        try
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[heartbeat] still running after {elapsed.TotalSeconds:0} s"));
        }
        catch (InvalidOperationException)
        {
            // The test finished between the tick and the write; nothing left to keep alive.
        }
    }
}
