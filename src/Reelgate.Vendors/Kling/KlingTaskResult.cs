namespace Reelgate.Vendors.Kling;

/// <summary>The outputs of a succeeded task.</summary>
internal sealed record KlingTaskResult
{
    public IReadOnlyList<KlingVideo>? Videos { get; init; }
}
