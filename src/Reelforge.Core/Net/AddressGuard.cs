using System.Net;
using System.Net.Sockets;

namespace Reelforge.Net;

/// <summary>
/// Decides which addresses Reelforge may connect to on a user's behalf. Checked on the resolved
/// address at connect time, so a DNS name that points inward is refused as well.
/// </summary>
public static class AddressGuard
{
    public static bool IsAllowed(IPAddress address, bool allowLoopback, bool allowPrivate)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }
        if (IsPrivate(address))
        {
            return allowPrivate;
        }
        return !IsNeverRoutable(address);
    }

    private static bool IsPrivate(IPAddress a)
    {
        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = a.GetAddressBytes();
            return b[0] == 10
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)            // link-local (cloud metadata lives here)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127); // carrier-grade NAT
        }
        return a.IsIPv6LinkLocal || a.IsIPv6SiteLocal || a.IsIPv6UniqueLocal;
    }

    private static bool IsNeverRoutable(IPAddress a)
    {
        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = a.GetAddressBytes();
            return b[0] == 0 || b[0] >= 224; // "this network", multicast, reserved, broadcast
        }
        return a.IsIPv6Multicast || a.Equals(IPAddress.IPv6Any);
    }
}
