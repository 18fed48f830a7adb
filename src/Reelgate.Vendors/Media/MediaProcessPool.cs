using Microsoft.Extensions.Options;

namespace Reelgate.Vendors.Media;

/// <summary>
/// Bounds how many media tool processes run at once (<see cref="MediaToolsOptions.MaxConcurrentProcesses"/>):
/// when hundreds of jobs finish together, their probes and previews queue here instead of all
/// decoding at once on a few cores.
/// </summary>
/// <remarks>
/// A job's output takes two processes in turn (probe, then thumbnail). Served first come first served, a burst
/// would probe every output before making any thumbnail, and no job would succeed until all were probed; so a
/// freed slot goes to <see cref="MediaWork.Finishing"/> work first, and jobs finish steadily from the start.
/// </remarks>
internal sealed class MediaProcessPool(IOptions<MediaToolsOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _finishing = new();
    private readonly LinkedList<TaskCompletionSource> _starting = new();
    private int _free = options.Value.MaxConcurrentProcesses;

    /// <summary>Waits for a free slot, then runs the tool to its end in it.</summary>
    /// <exception cref="InvalidOperationException">The tool could not be started (not installed, wrong path).</exception>
    public async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, MediaWork work, CancellationToken cancellationToken)
    {
        await AcquireAsync(work, cancellationToken);
        try
        {
            return await ProcessRunner.RunAsync(fileName, arguments, null, cancellationToken);
        }
        finally
        {
            Release();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var waiter in _finishing.Concat(_starting))
            {
                waiter.TrySetException(new ObjectDisposedException(nameof(MediaProcessPool)));
            }

            _finishing.Clear();
            _starting.Clear();
        }
    }

    private Task AcquireAsync(MediaWork work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource> waiter;
        lock (_gate)
        {
            if (_free > 0)
            {
                _free--;
                return Task.CompletedTask;
            }

            var queue = work == MediaWork.Finishing ? _finishing : _starting;
            waiter = queue.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        return WaitAsync(waiter, cancellationToken);
    }

    private async Task WaitAsync(LinkedListNode<TaskCompletionSource> waiter, CancellationToken cancellationToken)
    {
        // Cancelled while still queued: leave the queue. Already handed a slot: keep it (RunAsync releases it).
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (waiter.List is null)
                {
                    return;
                }

                waiter.List.Remove(waiter);
            }

            waiter.Value.TrySetCanceled(cancellationToken);
        });
        await waiter.Value.Task;
    }

    private void Release()
    {
        TaskCompletionSource next;
        lock (_gate)
        {
            var queue = _finishing.Count > 0 ? _finishing : _starting;
            if (queue.First is not { } first)
            {
                _free++;
                return;
            }

            queue.RemoveFirst();
            next = first.Value;
        }

        next.TrySetResult();
    }
}

/// <summary>Which step of an output's processing a tool run is: the pool serves finishing steps first.</summary>
internal enum MediaWork
{
    /// <summary>The first look at an output (the probe).</summary>
    Starting = 0,

    /// <summary>A step after the probe (thumbnail, previews), or one a caller waits on.</summary>
    Finishing = 1,
}
