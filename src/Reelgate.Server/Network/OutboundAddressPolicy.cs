using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Reelgate.Core.Ports;

namespace Reelgate.Server.Network;

/// <summary>
/// Refuses outbound calls to loopback, private, link-local, CGNAT, multicast and cloud-metadata
/// addresses (SSRF), unless <see cref="NetworkOptions.AllowPrivateAddresses"/>. Checked when a URL
/// is accepted and again on every connection (<see cref="ConnectAsync"/>), so a DNS answer that
/// changes later (rebinding) cannot slip through.
/// </summary>
internal sealed class OutboundAddressPolicy(IOptions<NetworkOptions> options) : IOutboundUrlPolicy
{
    public bool AllowsPrivate => options.Value.AllowPrivateAddresses;

    /// <summary>Null when the URL may be called; otherwise why not.</summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            return "only http and https URLs are allowed";
        }

        if (AllowsPrivate)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"the host '{url.Host}' does not resolve";
        }

        return addresses.Length == 0 ? $"the host '{url.Host}' does not resolve"
            : addresses.FirstOrDefault(IsPrivate) is { } blocked ? $"'{url.Host}' resolves to {blocked}, a loopback, private, link-local or metadata address"
            : null;
    }

    /// <summary>A SocketsHttpHandler.ConnectCallback that connects only to allowed addresses.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = AllowsPrivate ? addresses : [.. addresses.Where(a => !IsPrivate(a))];
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"Refused to connect to '{context.DnsEndPoint.Host}': it resolves only to loopback, private, link-local or metadata addresses.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // Link-local, site-local, unique-local (fc00::/7) and multicast.
            var first = address.GetAddressBytes()[0];
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,          // CGNAT 100.64.0.0/10
            169 => b[1] == 254,                        // link-local, incl. 169.254.169.254 metadata
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2),
            198 => b[1] is 18 or 19,                   // benchmarking 198.18.0.0/15
            >= 224 => true,                            // multicast and reserved
            _ => false,
        };
    }
}
