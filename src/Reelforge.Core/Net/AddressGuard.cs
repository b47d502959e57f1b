using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Reelforge.Net;

/// <summary>What an address is, for deciding whether to connect to it on a user's behalf.</summary>
public enum AddressKind
{
    Public,
    Loopback,
    /// <summary>The operator's networks: private-use, shared (CGN), link-local, unique-local, benchmarking.</summary>
    Private,
    /// <summary>Never a place to fetch from: unspecified, documentation, multicast, reserved, protocol assignments.</summary>
    Reserved,
}

/// <summary>
/// Decides which addresses Reelforge may connect to on a user's behalf. Checked on the resolved
/// address at connect time, so a DNS name that points inward is refused as well.
/// The tables follow IANA's IPv4 and IPv6 Special-Purpose Address Registries; IPv6 forms that
/// carry an IPv4 address (mapped, compatible, translated, NAT64, 6to4, Teredo) are judged by the
/// IPv4 address they carry, so `64:ff9b::127.0.0.1` is loopback.
/// </summary>
public static class AddressGuard
{
    private static readonly (uint Network, int Prefix, AddressKind Kind)[] V4 =
    [
        (V4Of(0, 0, 0, 0), 8, AddressKind.Reserved),           // "this network"
        (V4Of(10, 0, 0, 0), 8, AddressKind.Private),
        (V4Of(100, 64, 0, 0), 10, AddressKind.Private),        // shared address space (carrier-grade NAT)
        (V4Of(127, 0, 0, 0), 8, AddressKind.Loopback),
        (V4Of(169, 254, 0, 0), 16, AddressKind.Private),       // link-local (cloud metadata lives here)
        (V4Of(172, 16, 0, 0), 12, AddressKind.Private),
        (V4Of(192, 0, 0, 0), 24, AddressKind.Reserved),        // IETF protocol assignments (DS-Lite, PCP and TURN anycast, NAT64 discovery)
        (V4Of(192, 0, 2, 0), 24, AddressKind.Reserved),        // TEST-NET-1
        (V4Of(192, 31, 196, 0), 24, AddressKind.Reserved),     // AS112-v4
        (V4Of(192, 52, 193, 0), 24, AddressKind.Reserved),     // AMT
        (V4Of(192, 88, 99, 0), 24, AddressKind.Reserved),      // 6to4 relay anycast (deprecated)
        (V4Of(192, 168, 0, 0), 16, AddressKind.Private),
        (V4Of(192, 175, 48, 0), 24, AddressKind.Reserved),     // AS112 direct delegation
        (V4Of(198, 18, 0, 0), 15, AddressKind.Private),        // benchmarking; also used inside networks (fake-IP DNS)
        (V4Of(198, 51, 100, 0), 24, AddressKind.Reserved),     // TEST-NET-2
        (V4Of(203, 0, 113, 0), 24, AddressKind.Reserved),      // TEST-NET-3
        (V4Of(224, 0, 0, 0), 4, AddressKind.Reserved),         // multicast
        (V4Of(240, 0, 0, 0), 4, AddressKind.Reserved),         // reserved, and 255.255.255.255 limited broadcast
    ];

    private static readonly (UInt128 Network, int Prefix, AddressKind Kind)[] V6 =
    [
        (V6Of("100::"), 64, AddressKind.Reserved),             // discard-only
        (V6Of("100:0:0:1::"), 64, AddressKind.Reserved),       // dummy prefix
        (V6Of("2001::"), 23, AddressKind.Reserved),            // IETF protocol assignments (benchmarking, AMT, AS112, ORCHID, anycast); Teredo is unwrapped first
        (V6Of("2001:db8::"), 32, AddressKind.Reserved),        // documentation
        (V6Of("2620:4f:8000::"), 48, AddressKind.Reserved),    // AS112 direct delegation
        (V6Of("3fff::"), 20, AddressKind.Reserved),            // documentation
        (V6Of("5f00::"), 16, AddressKind.Reserved),            // segment routing SIDs
        (V6Of("fc00::"), 7, AddressKind.Private),              // unique-local
        (V6Of("fe80::"), 10, AddressKind.Private),             // link-local
        (V6Of("fec0::"), 10, AddressKind.Private),             // site-local (deprecated)
        (V6Of("ff00::"), 8, AddressKind.Reserved),             // multicast
    ];

    public static bool IsAllowed(IPAddress address, bool allowLoopback, bool allowPrivate) =>
        Judge(address).All(kind => kind switch
        {
            AddressKind.Public => true,
            AddressKind.Loopback => allowLoopback,
            AddressKind.Private => allowPrivate,
            _ => false,
        });

    /// <summary>
    /// Every kind the address counts as: one for a plain address; for one that carries IPv4
    /// addresses, the kinds of those (and Private for the local-use NAT64 prefix). Allowed only if
    /// every kind is.
    /// </summary>
    public static IReadOnlyList<AddressKind> Judge(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return [KindOf(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()))];
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return [AddressKind.Reserved];
        }
        var bits = BinaryPrimitives.ReadUInt128BigEndian(address.GetAddressBytes());
        var low = (uint)bits;
        if (bits == UInt128.Zero)
        {
            return [AddressKind.Reserved];                     // ::
        }
        if (bits == UInt128.One)
        {
            return [AddressKind.Loopback];                     // ::1
        }
        if (bits >> 32 == 0                                    // ::a.b.c.d, IPv4-compatible (deprecated)
            || bits >> 32 == 0xFFFF                            // ::ffff:a.b.c.d, IPv4-mapped
            || bits >> 32 == (UInt128)0xFFFF << 16             // ::ffff:0:a.b.c.d, IPv4-translated
            || bits >> 32 == V6Of("64:ff9b::") >> 32)          // NAT64 well-known prefix
        {
            return [KindOf(low)];
        }
        if (InPrefix(bits, V6Of("64:ff9b:1::"), 48))
        {
            // Local-use NAT64: inside the operator's network, carrying an IPv4 address at the end (a /96).
            return [AddressKind.Private, KindOf(low)];
        }
        if (InPrefix(bits, V6Of("2002::"), 16))
        {
            return [KindOf((uint)(bits >> 80))];               // 6to4: the IPv4 address is bits 16-47
        }
        if (InPrefix(bits, V6Of("2001::"), 32))
        {
            // Teredo: the server's IPv4 address is bits 32-63; the client's is the last 32 bits, inverted.
            return [KindOf((uint)(bits >> 64)), KindOf(~low)];
        }
        foreach (var (network, prefix, kind) in V6)
        {
            if (InPrefix(bits, network, prefix))
            {
                return [kind];
            }
        }
        // Only 2000::/3 is allocated for global unicast; the rest of the space is reserved by the IETF.
        return [InPrefix(bits, V6Of("2000::"), 3) ? AddressKind.Public : AddressKind.Reserved];
    }

    private static AddressKind KindOf(uint v4)
    {
        foreach (var (network, prefix, kind) in V4)
        {
            if (v4 >> (32 - prefix) == network >> (32 - prefix))
            {
                return kind;
            }
        }
        return AddressKind.Public;
    }

    private static bool InPrefix(UInt128 bits, UInt128 network, int prefix) => bits >> (128 - prefix) == network >> (128 - prefix);

    private static uint V4Of(byte a, byte b, byte c, byte d) => (uint)(a << 24 | b << 16 | c << 8 | d);

    private static UInt128 V6Of(string text) => BinaryPrimitives.ReadUInt128BigEndian(IPAddress.Parse(text).GetAddressBytes());
}
