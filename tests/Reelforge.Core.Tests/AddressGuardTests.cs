using System.Net;
using Reelforge.Net;

namespace Reelforge.Core.Tests;

/// <summary>
/// Every block of IANA's IPv4 and IPv6 Special-Purpose Address Registries (first and last address
/// where it matters), every IPv6 form that carries an IPv4 address, and public addresses, judged
/// directly: no traffic is sent. "a+b" means the address counts as both, so both must be allowed.
/// </summary>
public sealed class AddressGuardTests
{
    public static TheoryData<string, string> Table => new()
    {
        // IPv4 Special-Purpose Address Registry
        { "0.0.0.0", "reserved" }, { "0.255.255.255", "reserved" },
        { "10.0.0.0", "private" }, { "10.255.255.255", "private" },
        { "100.64.0.0", "private" }, { "100.127.255.255", "private" }, { "100.128.0.0", "public" }, { "100.63.255.255", "public" },
        { "127.0.0.1", "loopback" }, { "127.255.255.255", "loopback" },
        { "169.254.169.254", "private" }, { "169.254.0.0", "private" },
        { "172.16.0.0", "private" }, { "172.31.255.255", "private" }, { "172.32.0.0", "public" }, { "172.15.255.255", "public" },
        { "192.0.0.0", "reserved" }, { "192.0.0.8", "reserved" }, { "192.0.0.9", "reserved" }, { "192.0.0.10", "reserved" },
        { "192.0.0.170", "reserved" }, { "192.0.0.171", "reserved" }, { "192.0.0.255", "reserved" },
        { "192.0.2.1", "reserved" }, { "192.31.196.1", "reserved" }, { "192.52.193.1", "reserved" }, { "192.88.99.1", "reserved" },
        { "192.168.0.1", "private" }, { "192.168.255.255", "private" }, { "192.175.48.1", "reserved" },
        { "198.18.0.0", "private" }, { "198.19.255.255", "private" }, { "198.20.0.0", "public" },
        { "198.51.100.1", "reserved" }, { "203.0.113.1", "reserved" },
        { "224.0.0.1", "reserved" }, { "239.255.255.255", "reserved" },
        { "240.0.0.1", "reserved" }, { "255.255.255.255", "reserved" },
        { "8.8.8.8", "public" }, { "93.184.216.34", "public" }, { "1.1.1.1", "public" },

        // IPv6 Special-Purpose Address Registry
        { "::", "reserved" }, { "::1", "loopback" },
        { "::ffff:127.0.0.1", "loopback" }, { "::ffff:10.0.0.1", "private" }, { "::ffff:8.8.8.8", "public" },
        { "64:ff9b::127.0.0.1", "loopback" }, { "64:ff9b::169.254.169.254", "private" }, { "64:ff9b::192.0.0.1", "reserved" }, { "64:ff9b::8.8.8.8", "public" },
        { "64:ff9b:1::8.8.8.8", "private+public" }, { "64:ff9b:1::127.0.0.1", "private+loopback" }, { "64:ff9b:1:ffff::10.0.0.1", "private+private" },
        { "100::1", "reserved" }, { "100::ffff:ffff:ffff:ffff", "reserved" }, { "100:0:0:1::1", "reserved" },
        { "2001:1::1", "reserved" }, { "2001:1::2", "reserved" }, { "2001:1::3", "reserved" }, { "2001:2::1", "reserved" },
        { "2001:3::1", "reserved" }, { "2001:4:112::1", "reserved" }, { "2001:10::1", "reserved" }, { "2001:20::1", "reserved" },
        { "2001:30::1", "reserved" }, { "2001:1ff:ffff::1", "reserved" }, { "2001:200::1", "public" },
        { "2001:db8::1", "reserved" }, { "2001:db8:ffff::1", "reserved" },
        { "2002:7f00:1::1", "loopback" }, { "2002:a00:1::1", "private" }, { "2002:808:808::1", "public" },
        { "2620:4f:8000::1", "reserved" }, { "3fff::1", "reserved" }, { "3fff:fff::1", "reserved" }, { "5f00::1", "reserved" },
        { "fc00::1", "private" }, { "fd00::1", "private" }, { "fe80::1", "private" }, { "febf::1", "private" }, { "fec0::1", "private" },
        { "ff02::1", "reserved" }, { "ff05::2", "reserved" },
        // Teredo: server IPv4 in bits 32-63, client IPv4 inverted in the last 32 bits.
        { "2001:0:4136:e378:8000:63bf:f7f7:f7f7", "public+public" },               // server 65.54.227.120, client 8.8.8.8
        { "2001:0:4136:e378:8000:63bf:80ff:fffe", "public+loopback" },             // client 127.0.0.1
        { "2001:0:4136:e378:8000:63bf:3fff:fdd2", "public+reserved" },             // client 192.0.2.45
        { "2001:0:a00:1:8000:63bf:f7f7:f7f7", "private+public" },                  // server 10.0.0.1
        // IPv4-compatible (::a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d)
        { "::127.0.0.1", "loopback" }, { "::10.0.0.1", "private" }, { "::8.8.8.8", "public" },
        { "::ffff:0:127.0.0.1", "loopback" }, { "::ffff:0:192.168.1.1", "private" }, { "::ffff:0:8.8.8.8", "public" },
        // Outside 2000::/3 and not in the registry: unallocated.
        { "1::1", "reserved" }, { "4000::1", "reserved" }, { "e000::1", "reserved" },
        { "2606:2800:220:1::1", "public" }, { "2a00:1450:4001::1", "public" }, { "3ffe::1", "public" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void EverySpecialPurposeRange_IsJudgedByWhatItIs(string address, string kinds)
    {
        var ip = IPAddress.Parse(address);
        var expected = kinds.Split('+').Select(k => Enum.Parse<AddressKind>(k, ignoreCase: true)).ToList();

        Assert.Equal(expected, AddressGuard.Judge(ip));
        foreach (var (loopback, @private) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var allowed = expected.All(k => k == AddressKind.Public || (k == AddressKind.Loopback && loopback) || (k == AddressKind.Private && @private));
            Assert.Equal(allowed, AddressGuard.IsAllowed(ip, loopback, @private));
        }
    }
}
