using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Reelforge.Server.Tests;

/// <summary>`reelforge videos wait` through a proxy that cuts the event stream after its first event.</summary>
public sealed class VideosCliReconnectTests(ServerFixture server)
{
    [Fact]
    public async Task Wait_WhenTheStreamDrops_ReconnectsWithLastEventId_AndSeesNoEventTwice()
    {
        using var client = server.Client();
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "Cut and resumed.", seconds = 1, size = "160x90" })).JsonAsync();
        var id = created["id"]!.GetValue<string>();
        var asked = new ConcurrentQueue<string>();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var (url, serving) = StartCuttingProxy(listener, asked, stop.Token);

        var run = await CliRunner.RunAsync(url, ServerFixture.DevKey, "videos", "wait", id);
        await stop.CancelAsync();
        listener.Stop();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving);

        Assert.True(run.Code == 0, run.Err);
        var calls = asked.ToArray();
        Assert.True(calls.Length >= 2, string.Join(", ", calls));
        Assert.Equal("", calls[0]);
        Assert.Matches("^[0-9]+$", calls[1]);
        // The first connection carried the `created` event (queued); after the cut it is not sent again.
        Assert.Single(run.Err.Split('\n'), line => line.Contains(" queued", StringComparison.Ordinal));
        Assert.Contains($"reelforge: {id} completed after", run.Err, StringComparison.Ordinal);
    }

    /// <summary>
    /// A raw HTTP/1.1 proxy of the event stream on a socket of its own, so the cut is exact: the
    /// first connection gets its first event as one chunk, then the socket closes without the last
    /// chunk (the client reads the event, then a stream that ended early). Later connections get the
    /// upstream stream whole, delimited by the close.
    /// </summary>
    private (Uri Url, Task Serving) StartCuttingProxy(TcpListener listener, ConcurrentQueue<string> asked, CancellationToken ct)
    {
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        return (url, Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(ct);
                await using var stream = new NetworkStream(socket, ownsSocket: false);
                var head = await ReadHeadAsync(stream, ct);
                var path = head.Split(' ')[1].TrimStart('/');
                var last = Regex.Match(head, @"(?im)^Last-Event-ID:\s*(\S+)").Groups[1].Value;
                var first = asked.IsEmpty;
                asked.Enqueue(last);
                using var upstream = server.Client();
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (last.Length > 0)
                {
                    request.Headers.Add("Last-Event-ID", last);
                }
                using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                if (first)
                {
                    var firstEvent = new StringBuilder();
                    while (await reader.ReadLineAsync(ct) is { } line)
                    {
                        firstEvent.Append(line).Append('\n');
                        if (line.Length == 0)
                        {
                            break;
                        }
                    }
                    var chunk = Encoding.UTF8.GetBytes(firstEvent.ToString());
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(
                        $"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n{chunk.Length:x}\r\n"), ct);
                    await stream.WriteAsync(chunk, ct);
                    await stream.WriteAsync("\r\n"u8.ToArray(), ct);
                }
                else
                {
                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
                    await reader.BaseStream.CopyToAsync(stream, ct);
                }
                socket.Shutdown(SocketShutdown.Both);
            }
        }, ct));
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, ct) == 1)
        {
            head.Append((char)one[0]);
        }
        return head.ToString();
    }
}
