namespace Reelgate.Core.Routing;

/// <summary>Names one model of one vendor.</summary>
public sealed record ModelRef(string Vendor, string Model)
{
    public override string ToString() => $"{Vendor}/{Model}";
}
