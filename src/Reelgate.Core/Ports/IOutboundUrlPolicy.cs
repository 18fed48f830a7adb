namespace Reelgate.Core.Ports;

/// <summary>
/// Decides whether the gateway (or a vendor on its behalf) may call a caller-supplied URL: a
/// callback or a reference image. The server's implementation refuses private addresses (SSRF).
/// </summary>
public interface IOutboundUrlPolicy
{
    /// <summary>
    /// The named HttpClient for caller-supplied URLs (webhooks, reference images): the server
    /// registers it with a connect callback that applies this policy to every connection, and it
    /// follows no redirects, so callers check each hop again.
    /// </summary>
    const string HttpClientName = "reelgate-webhooks";

    /// <summary>Null when the URL may be called; otherwise why not.</summary>
    Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>For hosts that accept no caller URLs themselves (the operator verbs).</summary>
internal sealed class AllowAllOutboundUrls : IOutboundUrlPolicy
{
    public Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
