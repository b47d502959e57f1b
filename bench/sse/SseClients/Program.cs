// Usage: SseClients <events-url> <api-key> <clients>
// Connects every client (prints "READY <n>" once all have their response headers), then waits for
// each stream to deliver `video.completed` and prints one line per client-observed percentile:
// "RESULT clients=<n> completed=<n> first=<unix ms> p50=<unix ms> p99=<unix ms> last=<unix ms>".
using System.Diagnostics;
using System.Net.Http.Headers;

var url = args[0];
var key = args[1];
var count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    Timeout = Timeout.InfiniteTimeSpan,
};
var connected = 0;
var allConnected = new TaskCompletionSource();
var seen = new long[count];
using var gate = new SemaphoreSlim(64);

async Task ClientAsync(int index)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, url);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
    HttpResponseMessage response;
    await gate.WaitAsync();
    try
    {
        response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
    }
    finally
    {
        gate.Release();
    }
    if (Interlocked.Increment(ref connected) == count)
    {
        allConnected.SetResult();
    }
    using (response)
    using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line == "event: video.completed")
            {
                seen[index] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                return;
            }
        }
    }
}

var clock = Stopwatch.StartNew();
var clients = Enumerable.Range(0, count).Select(i => Task.Run(() => ClientAsync(i))).ToList();
await Task.WhenAny(allConnected.Task, Task.WhenAll(clients));
Console.WriteLine($"READY {connected} in {clock.ElapsedMilliseconds} ms");
try
{
    await Task.WhenAll(clients).WaitAsync(TimeSpan.FromMinutes(3));
}
catch (Exception ex)
{
    Console.Error.WriteLine($"some clients failed: {ex.Message}");
}
var times = seen.Where(t => t > 0).Order().ToArray();
long At(double q) => times.Length == 0 ? 0 : times[Math.Min(times.Length - 1, (int)(q * times.Length))];
Console.WriteLine($"RESULT clients={count} completed={times.Length} first={At(0)} p50={At(0.5)} p99={At(0.99)} last={(times.Length == 0 ? 0 : times[^1])}");
