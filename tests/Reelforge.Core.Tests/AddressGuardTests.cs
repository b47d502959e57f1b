using System.Net;
using Reelforge.Net;

namespace Reelforge.Core.Tests;

public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_IsRefused_UnlessAllowed(string address)
    {
        Assert.False(AddressGuard.IsAllowed(IPAddress.Parse(address), allowLoopback: false, allowPrivate: true));
        Assert.True(AddressGuard.IsAllowed(IPAddress.Parse(address), allowLoopback: true, allowPrivate: false));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    public void PrivateAndLinkLocal_AreRefused_UnlessAllowed(string address)
    {
        Assert.False(AddressGuard.IsAllowed(IPAddress.Parse(address), allowLoopback: true, allowPrivate: false));
        Assert.True(AddressGuard.IsAllowed(IPAddress.Parse(address), allowLoopback: false, allowPrivate: true));
    }

    [Theory]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:2800:220:1::1", true)]
    public void PublicAddresses_AreAllowed_ReservedOnesNever(string address, bool allowed) =>
        Assert.Equal(allowed, AddressGuard.IsAllowed(IPAddress.Parse(address), allowLoopback: false, allowPrivate: false));
}
