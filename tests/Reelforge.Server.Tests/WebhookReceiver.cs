using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Reelforge.Server.Tests;

/// <summary>A real HTTP receiver on loopback that records every delivery and answers as told.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public sealed record Received(string Path, string Id, string Timestamp, string Signature, string Body, int AnsweredWith);

    /// <summary>How to answer the n-th (1-based) request to a path.</summary>
    public Func<string, int, int> Answer { get; set; } = (_, _) => 200;

    public Uri BaseAddress { get; }

    private WebhookReceiver(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var path = http.Request.Path.Value!;
            var r = receiver!;
            var status = r.Answer(path, r._received.Count(x => x.Path == path) + 1);
            r._received.Enqueue(new Received(path, http.Request.Headers["webhook-id"].ToString(), http.Request.Headers["webhook-timestamp"].ToString(),
                http.Request.Headers["webhook-signature"].ToString(), body, status));
            r._arrived.Release();
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver = new WebhookReceiver(app, ServerFixture.AddressOf(app));
        return receiver;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public IReadOnlyList<Received> At(string path) => _received.Where(r => r.Path == path).ToList();

    /// <summary>Waits until <paramref name="count"/> requests reached <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(string path, int count, double seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (At(path).Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"{At(path).Count} of {count} deliveries reached {path} within {seconds} s.");
            }
        }
        return At(path);
    }

    /// <summary>Waits until what reached <paramref name="path"/> satisfies <paramref name="done"/> (one waiter: each arrival wakes it).</summary>
    public async Task<IReadOnlyList<Received>> WaitUntilAsync(string path, Func<IReadOnlyList<Received>, bool> done, double seconds, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(At(path)))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left, ct))
            {
                throw new TimeoutException($"{At(path).Count} deliveries reached {path} within {seconds} s, not yet what was awaited.");
            }
        }
        return At(path);
    }

    /// <summary>Standard Webhooks verification, written from the spec rather than from Reelforge's signer.</summary>
    public static bool Verify(Received r, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{r.Id}.{r.Timestamp}.{r.Body}")));
        return r.Signature.Split(' ').Any(s => s == "v1," + expected);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
