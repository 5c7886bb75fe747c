using System.Net;
using System.Net.Sockets;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>SSRF guard for live-mode webhooks: connects only to public addresses. It checks the addresses a
/// name resolves to at connect time, so a name that resolves to a private address (or is rebound to one
/// later) is refused too. Test mode may reach loopback and private networks: local development needs no tunnel.</summary>
static class PrivateNetworkGuard
{
    public static readonly HttpRequestOptionsKey<bool> AllowPrivateNetworks = new("OpenCheckout.AllowPrivateNetworks");

    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var allowPrivate = context.InitialRequestMessage.Options.TryGetValue(AllowPrivateNetworks, out var allow) && allow;
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        if (!allowPrivate) addresses = addresses.Where(IsPublic).ToArray();
        if (addresses.Length == 0)
            throw new HttpRequestException($"Refused: {context.DnsEndPoint.Host} resolves only to loopback, private or link-local addresses, which live-mode webhooks may not reach.");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True for a literal host that is obviously not public (checked when an endpoint is saved; names are checked at connect time).
    /// A trailing dot is the same name written fully qualified (<c>localhost.</c>).</summary>
    public static bool IsPrivateLiteral(string host)
    {
        host = host.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && !IsPublic(address));
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (address.GetAddressBytes()[0] & 0xFE) == 0xFC);
        var b = address.GetAddressBytes();
        return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
            || (b[0] == 100 && b[1] is >= 64 and <= 127)   // carrier-grade NAT
            || (b[0] == 169 && b[1] == 254)                // link-local, cloud metadata
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168));
    }
}
