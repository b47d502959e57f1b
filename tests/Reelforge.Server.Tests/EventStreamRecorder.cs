using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Reelforge.Server.Tests;

/// <summary>
/// Follows an account's server-sent event stream (`GET /v1/events`) and keeps every event with the
/// moment it was read off the socket, for a test to wait on and to time.
/// </summary>
public sealed class EventStreamRecorder : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<Event> _events = Channel.CreateUnbounded<Event>();
    private Task _reading = Task.CompletedTask;

    /// <summary>One event: its `event:` name, the video in its data, and when it arrived (Unix ms).</summary>
    public sealed record Event(string Type, string VideoId, JsonObject Video, long ReceivedAtMs);

    public ConcurrentQueue<Event> All { get; } = new();

    private EventStreamRecorder(HttpClient client) => _client = client;

    /// <summary>Opens the stream and returns once its headers came (from then on no event is missed).</summary>
    public static async Task<EventStreamRecorder> OpenAsync(HttpClient client, CancellationToken ct)
    {
        var recorder = new EventStreamRecorder(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        recorder._reading = recorder.ReadAsync(response, recorder._stop.Token);
        return recorder;
    }

    /// <summary>The events as they come, for one consumer; the stream's end or failure ends it.</summary>
    public ChannelReader<Event> Reader => _events.Reader;

    private async Task ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using (response)
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                string? type = null;
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        type = line["event: ".Length..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal) && type is not null)
                    {
                        var received = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                        var video = JsonNode.Parse(line["data: ".Length..])!["data"]!.AsObject();
                        var e = new Event(type, video["id"]!.GetValue<string>(), video, received);
                        All.Enqueue(e);
                        _events.Writer.TryWrite(e);
                        type = null;
                    }
                }
            }
            _events.Writer.TryComplete(new InvalidOperationException("the event stream ended"));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _events.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _events.Writer.TryComplete(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _stop.Dispose();
        _client.Dispose();
    }
}
