using Microsoft.Extensions.Options;

namespace Reelgate.Vendors.Media;

/// <summary>
/// Bounds how many media tool processes run at once (<see cref="MediaToolsOptions.MaxConcurrentProcesses"/>):
/// when hundreds of jobs finish together, their probes and previews queue here instead of all
/// decoding at once on a few cores.
/// </summary>
internal sealed class MediaProcessPool(IOptions<MediaToolsOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentProcesses, options.Value.MaxConcurrentProcesses);

    /// <summary>Waits for a free slot, then runs the tool to its end in it.</summary>
    /// <exception cref="InvalidOperationException">The tool could not be started (not installed, wrong path).</exception>
    public async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await ProcessRunner.RunAsync(fileName, arguments, null, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
