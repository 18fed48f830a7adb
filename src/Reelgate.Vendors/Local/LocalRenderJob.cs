namespace Reelgate.Vendors.Local;

/// <summary>One background render of the local vendor and what is known about it so far.</summary>
internal sealed class LocalRenderJob
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state = (int)LocalRenderState.Running;
    private double _progress;
    private int _processId;

    /// <summary>
    /// Cancels this render only: a background render outlives the submit call. Never disposed,
    /// because it has no timer and a late <c>Cancel</c> must not throw.
    /// </summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Completes when the render task has ended, whatever the outcome.</summary>
    public Task Completion => _completion.Task;

    public LocalRenderState State => (LocalRenderState)Volatile.Read(ref _state);

    public string? FailureMessage { get; private set; }

    public double Progress => Volatile.Read(ref _progress);

    /// <summary>The running ffmpeg process, if any.</summary>
    public int? ProcessId => Volatile.Read(ref _processId) is var id and not 0 ? id : null;

    public void ReportProgress(double progress) => Volatile.Write(ref _progress, Math.Clamp(progress, 0, 1));

    public void ReportProcess(int? processId) => Volatile.Write(ref _processId, processId ?? 0);

    public void Succeed() => Interlocked.CompareExchange(ref _state, (int)LocalRenderState.Succeeded, (int)LocalRenderState.Running);

    public void Fail(string message)
    {
        FailureMessage = message;
        Interlocked.CompareExchange(ref _state, (int)LocalRenderState.Failed, (int)LocalRenderState.Running);
    }

    /// <summary>Wins over any outcome, so a render that finishes while being canceled stays canceled.</summary>
    public void MarkCanceled() => Volatile.Write(ref _state, (int)LocalRenderState.Canceled);

    public void Complete() => _completion.TrySetResult();
}
