using Microsoft.Extensions.Options;
using Reelgate.Vendors.Media;

namespace Reelgate.Tests.Vendors;

/// <summary>The media process pool: a bound on running tools, finishing steps served before new probes.</summary>
public sealed class MediaProcessPoolTests : IDisposable
{
    private readonly MediaProcessPool _pool = new(Options.Create(new MediaToolsOptions { MaxConcurrentProcesses = 1 }));

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public void Dispose() => _pool.Dispose();

    [Fact]
    public async Task A_freed_slot_goes_to_finishing_work_before_earlier_queued_probes()
    {
        var finished = new List<string>();
        var busy = Run("busy", MediaWork.Starting, finished, seconds: "0.5");
        await Task.Delay(100, CancellationToken);
        var probes = Enumerable.Range(1, 3).Select(i => Run($"probe-{i}", MediaWork.Starting, finished)).ToList();
        await Task.Delay(50, CancellationToken);
        var thumbnail = Run("thumbnail", MediaWork.Finishing, finished);

        await Task.WhenAll([busy, thumbnail, .. probes]);

        Assert.Equal(["busy", "thumbnail", "probe-1", "probe-2", "probe-3"], finished);
    }

    [Fact]
    public async Task A_waiter_cancelled_in_the_queue_leaves_it_and_the_slot_still_serves_the_next()
    {
        var finished = new List<string>();
        var busy = Run("busy", MediaWork.Starting, finished, seconds: "0.3");
        await Task.Delay(50, CancellationToken);
        using var cancel = new CancellationTokenSource();
        var cancelled = _pool.RunAsync("sleep", ["0"], MediaWork.Finishing, cancel.Token);
        var next = Run("next", MediaWork.Starting, finished);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await Task.WhenAll(busy, next);
        Assert.Equal(["busy", "next"], finished);
    }

    private async Task Run(string name, MediaWork work, List<string> finished, string seconds = "0.05")
    {
        var result = await _pool.RunAsync("sleep", [seconds], work, CancellationToken);
        Assert.Equal(0, result.ExitCode);
        lock (finished)
        {
            finished.Add(name);
        }
    }
}
