using System.Diagnostics;

namespace Reelforge.Server.Tests;

/// <summary>Waiting on real processes: a probe polled until it finds what it waits for, with a deadline; free loopback ports.</summary>
internal static class Waits
{
    public static Task<T> PollAsync<T>(Func<T?> probe, string failure, double seconds = 60) where T : class =>
        PollAsync(() => Task.FromResult(probe()), failure, seconds);

    /// <summary>Calls <paramref name="probe"/> every 50 ms until it returns something; throws <paramref name="failure"/> after <paramref name="seconds"/>.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T?>> probe, string failure, double seconds = 60) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"{failure} within {seconds} s.");
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
