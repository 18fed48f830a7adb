using Reelgate.Bench.Capacity.Stub;

namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>
/// Samples, once a second until disposed, the tasks the stub is running and the vendor slots the
/// gateway holds (<c>reelgate_vendor_slots_in_use</c>, counted deployment-wide in the store): a slot
/// is held from the claim until the job ends, so the gap between the two is the jobs whose vendor
/// task is over and whose output is still being downloaded, probed and previewed.
/// </summary>
internal sealed class ConcurrencySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(int Running, double Slots)> _samples = [];
    private readonly Task _loop;

    public ConcurrencySampler(RunwayStub stub, GatewayNode node)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                    var slots = (await node.ScrapeAsync(_stop.Token)).Sum("reelgate_vendor_slots_in_use", "vendor", "runway");
                    lock (_samples)
                    {
                        _samples.Add((stub.Running, slots));
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    /// <summary>"stub mean X concurrent tasks, gateway mean Y slots in use" over the samples so far.</summary>
    public string Describe()
    {
        lock (_samples)
        {
            return _samples.Count == 0
                ? "no samples"
                : $"mean over the run: stub {_samples.Average(s => s.Running):F0} tasks running, gateway {_samples.Average(s => s.Slots):F0} vendor slots held";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
