namespace Reelgate.Vendors.Luma;

/// <summary>
/// Luma's Generation object, the answer of create and <c>GET /generations/{id}</c>. <c>state</c> is
/// <c>queued</c>, <c>dreaming</c>, <c>completed</c> or <c>failed</c>; there is no progress or queue position.
/// </summary>
internal sealed record LumaGeneration
{
    public string? Id { get; init; }

    public string? State { get; init; }

    public string? Model { get; init; }

    public string? FailureReason { get; init; }

    public LumaAssets? Assets { get; init; }

    /// <summary>The create body as Luma recorded it (only <c>callback_url</c> is read back).</summary>
    public LumaRequestEcho? Request { get; init; }
}
