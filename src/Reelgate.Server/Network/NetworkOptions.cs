namespace Reelgate.Server.Network;

/// <summary>Outbound network rules, bound from <c>Reelgate:Network</c>.</summary>
internal sealed class NetworkOptions
{
    public const string SectionName = "Reelgate:Network";

    /// <summary>
    /// When true, callback URLs and reference images may point at loopback, private and link-local
    /// addresses. Tests on one machine set it; production never should (SSRF).
    /// </summary>
    /// <value>The default value is false.</value>
    public bool AllowPrivateAddresses { get; set; }
}
