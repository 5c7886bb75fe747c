using System.Net;
using System.Net.Sockets;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Which non-public webhook targets test mode may reach (<c>OpenCheckout:Webhooks:TestModeTargets</c>). Live mode
/// reaches public addresses only, whatever this says; link-local addresses (cloud metadata) are never reached.</summary>
public enum TestModeTargets
{
    /// <summary>Loopback (127.0.0.0/8, ::1, localhost): a developer's own machine. The default.</summary>
    Loopback,
    /// <summary>None: test mode reaches public addresses only, as live mode does. For servers shared by several merchants.</summary>
    None,
    /// <summary>Loopback and private networks (10/8, 172.16/12, 192.168/16, 100.64/10, 198.18/15, fc00::/7): a team's own network.</summary>
    Private,
}

/// <summary>SSRF guard for webhooks: connects only to addresses the mode allows. It checks the addresses a name resolves to at
/// connect time, so a name that resolves to a private address (or is rebound to one later) is refused too. Deliveries never
/// go through HTTP_PROXY: the guard must see the address it connects to, not a proxy's.</summary>
static class PrivateNetworkGuard
{
    /// <summary>What an address is, for deciding whether a webhook may reach it.</summary>
    public enum Reach { Public, Loopback, Private, Never }

    /// <summary>A connect callback that reaches only what <paramref name="targets"/> allows (<see cref="TestModeTargets.None"/>:
    /// public addresses only). One per HTTP handler, so a connection pooled for one kind of target never serves another.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(TestModeTargets targets) =>
        async (context, ct) =>
        {
            var addresses = (await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct)).Where(a => Allows(targets, Classify(a))).ToArray();
            if (addresses.Length == 0)
                throw new HttpRequestException($"Refused: {context.DnsEndPoint.Host} resolves to no address webhooks may reach "
                    + (targets == TestModeTargets.None ? "(public addresses only)." : $"(public, and {targets.ToString().ToLowerInvariant()} in test mode)."));
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
        };

    public static bool Allows(TestModeTargets targets, Reach reach) => reach switch
    {
        Reach.Public => true,
        Reach.Loopback => targets is TestModeTargets.Loopback or TestModeTargets.Private,
        Reach.Private => targets is TestModeTargets.Private,
        _ => false,
    };

    /// <summary>True when every address <paramref name="host"/> resolves to now is public: the delivery then goes through the
    /// public-only handler, and the receiver's answer may be kept in the delivery log.</summary>
    public static async Task<bool> ResolvesOnlyToPublicAsync(string host, CancellationToken ct)
    {
        if (IsLocalhostName(host)) return false;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, ct);
            return addresses.Length > 0 && addresses.All(a => Classify(a) == Reach.Public);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>What a URL's host is when it says so itself (an address literal, localhost); null for other names, which are
    /// judged by what they resolve to at connect time. A trailing dot is the same name written fully qualified.</summary>
    public static Reach? ReachOfLiteral(string host)
    {
        if (IsLocalhostName(host)) return Reach.Loopback;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) ? Classify(address) : null;
    }

    static bool IsLocalhostName(string host)
    {
        host = host.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    public static Reach Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? ClassifyV6(address.GetAddressBytes()) : ClassifyV4(address.GetAddressBytes());
    }

    static Reach ClassifyV4(ReadOnlySpan<byte> b) => b switch
    {
        [127, ..] => Reach.Loopback,
        [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => Reach.Private,
        [100, >= 64 and <= 127, ..] => Reach.Private,        // carrier-grade NAT
        [198, 18 or 19, ..] => Reach.Private,                 // benchmarking networks
        [0, ..] or [169, 254, ..] => Reach.Never,             // "this network"; link-local, where cloud metadata lives
        [192, 0, 0 or 2, ..] => Reach.Never,                  // IETF protocol assignments; TEST-NET-1
        [198, 51, 100, _] or [203, 0, 113, _] => Reach.Never, // TEST-NET-2 and -3
        [>= 224, ..] => Reach.Never,                          // multicast, reserved, broadcast
        _ => Reach.Public,
    };

    static Reach ClassifyV6(byte[] b)
    {
        var address = new IPAddress(b);
        if (address.Equals(IPAddress.IPv6Loopback)) return Reach.Loopback;
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return Reach.Never;   // ::, and IPv4-compatible ::a.b.c.d (deprecated)
        // Addresses that carry an IPv4 address to a gateway (NAT64 64:ff9b::/96, 6to4 2002::/16) reach what that address reaches;
        // a private one behind them is refused outright.
        if (b is [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..])
            return ClassifyV4(b.AsSpan(12)) == Reach.Public ? Reach.Public : Reach.Never;
        if (b is [0x20, 0x02, ..]) return ClassifyV4(b.AsSpan(2, 4)) == Reach.Public ? Reach.Public : Reach.Never;
        if (b is [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01, ..]) return Reach.Never;   // local-use NAT64 64:ff9b:1::/48
        if (b is [0x20, 0x01, 0x00, 0x00, ..] or [0x20, 0x01, 0x0d, 0xb8, ..]) return Reach.Never;   // Teredo; documentation
        if (b is [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..]) return Reach.Never;   // discard-only 100::/64
        if (address.IsIPv6LinkLocal || address.IsIPv6Multicast) return Reach.Never;
        if (address.IsIPv6SiteLocal || (b[0] & 0xFE) == 0xFC) return Reach.Private;   // fec0::/10, unique local fc00::/7
        return Reach.Public;
    }
}
