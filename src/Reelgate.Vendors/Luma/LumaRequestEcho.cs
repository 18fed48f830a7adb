namespace Reelgate.Vendors.Luma;

/// <summary>The part of a generation's echoed <c>request</c> the dedup lookup reads.</summary>
internal sealed record LumaRequestEcho
{
    public string? CallbackUrl { get; init; }
}
