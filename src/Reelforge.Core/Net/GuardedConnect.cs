using System.Net;
using System.Net.Sockets;

namespace Reelforge.Net;

/// <summary>
/// Outbound HTTP on a user's behalf (asset downloads, webhook deliveries): every connection,
/// redirects included, goes only to addresses <see cref="AddressGuard"/> allows, checked on the
/// resolved address so a DNS name that points inward is refused as well.
/// </summary>
public static class GuardedConnect
{
    public static SocketsHttpHandler Handler(bool allowLoopback, bool allowPrivate, bool followRedirects) => new()
    {
        AllowAutoRedirect = followRedirects,
        MaxAutomaticRedirections = 5,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowLoopback, allowPrivate, ct),
    };

    /// <summary>Whether a URL's host, when it is a literal address, may be reached (names are checked at connect time).</summary>
    public static bool IsLiteralAllowed(Uri url, bool allowLoopback, bool allowPrivate) =>
        !IPAddress.TryParse(url.IdnHost, out var address) || AddressGuard.IsAllowed(address, allowLoopback, allowPrivate);

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowLoopback, bool allowPrivate, CancellationToken ct)
    {
        var host = endpoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(a => AddressGuard.IsAllowed(a, allowLoopback, allowPrivate)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"{host} resolves only to loopback, private or reserved addresses, which are not allowed.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
