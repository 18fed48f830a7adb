using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;

namespace Reelgate.Vendors.Local;

/// <summary>
/// The <c>local</c> vendor: renders a procedural clip seeded by the prompt with ffmpeg on this
/// machine. It needs no account, so the gateway works out of the box and tests run end to end.
/// Rendering burns this machine's cores, so at most <see cref="LocalVendorOptions.MaxConcurrentRenders"/>
/// renders run at once: the dispatcher claims no more local jobs than that, and a render started
/// beyond it (a resumed one) waits for a turn.
/// </summary>
internal sealed partial class LocalVendor(
    IOptions<LocalVendorOptions> options,
    LocalRenderer renderer,
    ILogger<LocalVendor> log) : IVideoVendor, IVendorJobLookup, IVendorConcurrencyLimit, IDisposable
{
    public const string VendorName = "local";
    public const string ModelName = "local-procedural-v1";

    private readonly string _workDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(
        options.Value.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "reelgate-local")));

    // Renders of this process. A succeeded entry is dropped once polled (the files answer from then
    // on); failed and canceled ones stay, so a late poll gets the same answer instead of a re-render.
    private readonly ConcurrentDictionary<string, LocalRenderJob> _renders = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _renderSlots = new(options.Value.MaxConcurrentRenders, options.Value.MaxConcurrentRenders);

    public string Name => VendorName;

    public IReadOnlyList<VendorModel> Models { get; } = [CreateModel(options.Value.PricePerSecondUsd)];

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(250);

    public int MaxConcurrentJobs { get; } = options.Value.MaxConcurrentRenders;

    public ConcurrencyScope Scope => ConcurrencyScope.Node;

    public Task<VendorSubmission> SubmitAsync(VendorJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSafeId(request.JobId);
        if (request.Model != ModelName)
        {
            throw new ArgumentException($"The local vendor has no model '{request.Model}'.", nameof(request));
        }

        cancellationToken.ThrowIfCancellationRequested();
        // Idempotent: a render that is running or done is not started again; a failed or
        // canceled one is, since a new submit is a new attempt.
        var existing = _renders.GetValueOrDefault(request.JobId);
        var done = existing is null ? File.Exists(VideoPath(request.JobId)) : existing.State is LocalRenderState.Succeeded;
        if (existing?.State is not LocalRenderState.Running && !done)
        {
            Start(request);
        }

        return Task.FromResult(new VendorSubmission(request.JobId));
    }

    /// <summary>
    /// A render of this process, or a finished one on disk; otherwise none (a render of a stopped node
    /// died with it), so the runner submits again, which is free and deterministic here.
    /// </summary>
    public Task<string?> FindVendorJobAsync(VendorJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSafeId(request.JobId);
        var known = _renders.ContainsKey(request.JobId) || File.Exists(VideoPath(request.JobId));
        return Task.FromResult(known ? request.JobId : null);
    }

    public Task<VendorPollResult> PollAsync(VendorJobRequest request, string vendorJobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureSafeId(vendorJobId);
        cancellationToken.ThrowIfCancellationRequested();
        if (_renders.TryGetValue(vendorJobId, out var render))
        {
            switch (render.State)
            {
                case LocalRenderState.Running:
                    return Task.FromResult(VendorPollResult.Running(render.Progress));
                case LocalRenderState.Failed:
                    return Task.FromResult(Failed(JobFailureCodes.LocalRenderFailed, render.FailureMessage ?? "The render failed.", isVendorFault: true));
                case LocalRenderState.Canceled:
                    return Task.FromResult(Failed(JobFailureCodes.LocalRenderCanceled, "The render was canceled.", isVendorFault: false));
                default:
                    _renders.TryRemove(new KeyValuePair<string, LocalRenderJob>(vendorJobId, render));
                    break;
            }
        }

        if (File.Exists(VideoPath(vendorJobId)))
        {
            return Task.FromResult(new VendorPollResult
            {
                Status = VendorJobStatus.Succeeded,
                Progress = 1,
                Video = new VendorOutput(null, VideoPath(vendorJobId)),
                Thumbnail = new VendorOutput(null, Path.Combine(JobDirectory(vendorJobId), LocalRenderer.ThumbnailFileName)),
            });
        }

        // Unknown here and not on disk: this process restarted mid-render. Renders are free and
        // deterministic, so running it again gives the same clip.
        Log.RenderResumed(log, vendorJobId);
        var resumed = Start(request with { JobId = vendorJobId });
        return Task.FromResult(VendorPollResult.Running(resumed.Progress));
    }

    public async Task CancelAsync(string vendorJobId, CancellationToken cancellationToken)
    {
        EnsureSafeId(vendorJobId);
        if (!_renders.TryGetValue(vendorJobId, out var render))
        {
            return;
        }

        render.MarkCanceled();
        await render.Cancellation.CancelAsync();
        await render.Completion.WaitAsync(cancellationToken);
        // A new submit may have replaced this render meanwhile; its files are not ours to delete.
        if (_renders.TryGetValue(vendorJobId, out var current) && ReferenceEquals(current, render))
        {
            DeleteDirectory(JobDirectory(vendorJobId));
        }

        Log.RenderCanceled(log, vendorJobId);
    }

    public Task<Stream> OpenOutputAsync(VendorOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        cancellationToken.ThrowIfCancellationRequested();
        var path = output.LocalPath is { } local ? Path.GetFullPath(local) : null;
        // Only our own renders: the path comes back from callers, so it must not reach other files.
        if (path is null || !path.StartsWith(_workDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("The output is not a file of the local vendor.", nameof(output));
        }

        Stream stream = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Task.FromResult(stream);
    }

    /// <summary>The running ffmpeg process of a job, if any (tests check that cancel kills it).</summary>
    internal int? GetRenderProcessId(string jobId) => _renders.TryGetValue(jobId, out var render) ? render.ProcessId : null;

    /// <summary>Stops every render at shutdown so no ffmpeg outlives the gateway; a restart renders them again.</summary>
    public void Dispose()
    {
        foreach (var render in _renders.Values)
        {
            render.Cancellation.Cancel();
        }

        // Not disposed: a render unwinding after shutdown still releases its slot.
    }

    private LocalRenderJob Start(VendorJobRequest request)
    {
        var render = new LocalRenderJob();
        var current = _renders.AddOrUpdate(
            request.JobId,
            render,
            (_, existing) => existing.State is LocalRenderState.Running ? existing : render);
        if (ReferenceEquals(current, render))
        {
            // Not tied to the caller's token: the render runs on after submit returns.
            _ = Task.Run(() => RunAsync(request, render), CancellationToken.None);
        }

        return current;
    }

    private async Task RunAsync(VendorJobRequest request, LocalRenderJob render)
    {
        var spec = request.Spec;
        var slot = false;
        try
        {
            await _renderSlots.WaitAsync(render.Cancellation.Token);
            slot = true;
            var started = Stopwatch.GetTimestamp();
            Log.RenderStarted(log, request.JobId, spec.Resolution.Name(), spec.Aspect.Name(), spec.DurationSeconds);
            await renderer.RenderAsync(spec, JobDirectory(request.JobId), render, render.Cancellation.Token);
            render.Succeed();
            Log.RenderSucceeded(log, request.JobId, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException) when (render.Cancellation.IsCancellationRequested)
        {
            // Canceled or shutting down; CancelAsync cleans up.
        }
        catch (Exception ex)
        {
            render.Fail(ex.Message);
            Log.RenderFailed(log, request.JobId, ex);
        }
        finally
        {
            if (slot)
            {
                _renderSlots.Release();
            }

            render.Complete();
        }
    }

    private static VendorPollResult Failed(string code, string message, bool isVendorFault)
        => new() { Status = VendorJobStatus.Failed, Failure = new VendorFailure(code, message, isVendorFault) };

    private static VendorModel CreateModel(decimal? pricePerSecondUsd)
    {
        var micros = (long)decimal.Round((pricePerSecondUsd ?? 0) * 1_000_000m);
        Resolution[] resolutions = [Resolution.P720, Resolution.P1080, Resolution.K4];
        return new VendorModel
        {
            Vendor = VendorName,
            Model = ModelName,
            Resolutions = resolutions,
            Durations = [.. Enumerable.Range(1, 20)],
            Aspects = [Aspect.Landscape, Aspect.Portrait, Aspect.Square],
            SupportsReferenceImage = false,
            SupportsExtend = false,
            SupportsUpscale = false,
            QualityRank = 10,
            PricePerSecondMicros = resolutions.ToDictionary(r => r, _ => micros),
        };
    }

    private string JobDirectory(string jobId) => Path.Combine(_workDirectory, jobId);

    private string VideoPath(string jobId) => Path.Combine(JobDirectory(jobId), LocalRenderer.VideoFileName);

    // Job ids become folder names.
    private static void EnsureSafeId(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        if (jobId is "." or ".." || jobId.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"'{jobId}' cannot be a folder name.", nameof(jobId));
        }
    }

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
