using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Reelforge.Server.Tests;

/// <summary>
/// One HTTP/1.1 request written by hand on a socket, for what HttpClient will not do: send the
/// head and hold the body back (so a request sits in the server, past its gate, until the test
/// lets it go), wait for `100 Continue`, or go on streaming a body the server has already refused.
/// </summary>
public sealed class RawHttp : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    private RawHttp(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects and writes the request line and headers (with `Connection: close`); the body is the caller's.</summary>
    public static async Task<RawHttp> StartAsync(Uri server, string method, string path, IEnumerable<(string Name, string Value)> headers, CancellationToken ct)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var http = new RawHttp(tcp);
        var head = new StringBuilder($"{method} /{path} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }
        head.Append("\r\n");
        await http._stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        return http;
    }

    /// <summary>Writes body bytes; false once the server has closed its side (it answered without reading them all).</summary>
    public async Task<bool> TryWriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        try
        {
            await _stream.WriteAsync(bytes, ct);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Writes one chunk of a chunked body; false once the server has closed its side.</summary>
    public Task<bool> TryWriteChunkAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var framed = new byte[bytes.Length + 32];
        var size = Encoding.ASCII.GetBytes(bytes.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n");
        size.CopyTo(framed, 0);
        bytes.Span.CopyTo(framed.AsSpan(size.Length));
        "\r\n"u8.CopyTo(framed.AsSpan(size.Length + bytes.Length));
        return TryWriteAsync(framed.AsMemory(0, size.Length + bytes.Length + 2), ct);
    }

    /// <summary>Reads one response head and its body (by length, chunked, or to the end of the connection).</summary>
    public async Task<Response> ReadResponseAsync(CancellationToken ct)
    {
        var status = int.Parse((await ReadLineAsync(ct)).Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var line = await ReadLineAsync(ct); line.Length > 0; line = await ReadLineAsync(ct))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        if (status is >= 100 and < 200)
        {
            return new Response(status, headers, "");
        }
        var body = new MemoryStream();
        if (headers.TryGetValue("Content-Length", out var length))
        {
            await CopyAsync(body, long.Parse(length, CultureInfo.InvariantCulture), ct);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            for (var size = ChunkSize(await ReadLineAsync(ct)); size > 0; size = ChunkSize(await ReadLineAsync(ct)))
            {
                await CopyAsync(body, size, ct);
                await ReadLineAsync(ct);
            }
        }
        else
        {
            await CopyAsync(body, long.MaxValue, ct);
        }
        return new Response(status, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static long ChunkSize(string line) => long.Parse(line.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                throw new IOException($"The connection ended inside a line: '{line}'.");
            }
            var b = (char)_buffer[_start++];
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }
            line.Append(b);
        }
    }

    private async Task CopyAsync(Stream into, long count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                if (count == long.MaxValue)
                {
                    return;
                }
                throw new IOException("The connection ended inside a body.");
            }
            var n = (int)Math.Min(count, _end - _start);
            into.Write(_buffer, _start, n);
            _start += n;
            count = count == long.MaxValue ? count : count - n;
        }
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, ct);
        return _end > 0;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
