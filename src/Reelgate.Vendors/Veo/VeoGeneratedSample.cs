namespace Reelgate.Vendors.Veo;

internal sealed record VeoGeneratedSample
{
    public VeoVideo? Video { get; init; }
}
