namespace Reelgate.Core.Ports;

/// <summary>
/// Decides whether the gateway (or a vendor on its behalf) may call a caller-supplied URL: a
/// callback or a reference image. The server's implementation refuses private addresses (SSRF).
/// </summary>
public interface IOutboundUrlPolicy
{
    /// <summary>Null when the URL may be called; otherwise why not.</summary>
    Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>For hosts that accept no caller URLs themselves (the operator verbs).</summary>
internal sealed class AllowAllOutboundUrls : IOutboundUrlPolicy
{
    public Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
