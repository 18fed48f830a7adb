namespace Reelgate.Vendors.Veo;

/// <summary>Body of <c>POST models/{model}:predictLongRunning</c>: the Vertex-style predict envelope.</summary>
internal sealed record VeoPredictRequest
{
    public required IReadOnlyList<VeoInstance> Instances { get; init; }
    public required VeoParameters Parameters { get; init; }
}
