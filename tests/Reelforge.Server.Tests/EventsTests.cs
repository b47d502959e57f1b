using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Reelforge.Server.Tests;

public sealed class EventsTests(ServerFixture server)
{
    [Fact]
    public async Task Events_StreamEveryChangeThroughCompletion_AndAReconnectResumesWithoutRepeats()
    {
        using var client = server.Client();
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "Streamed. Two scenes.", seconds = 2, size = "160x90" })).JsonAsync();
        var id = created["id"]!.GetValue<string>();

        var first = await ReadEventsAsync(client, id, lastEventId: null, stopAfter: 3);
        var rest = await ReadEventsAsync(client, id, lastEventId: first[^1].Id, stopAfter: int.MaxValue);
        var all = first.Concat(rest).ToList();

        Assert.Equal("video.created", all[0].Type);
        Assert.Equal("video.completed", all[^1].Type);
        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.True(all.Zip(all.Skip(1)).All(p => long.Parse(p.First.Id, System.Globalization.CultureInfo.InvariantCulture) < long.Parse(p.Second.Id, System.Globalization.CultureInfo.InvariantCulture)), "ids only grow");
        Assert.Contains(all, e => e.Type == "video.stage" && e.Data["stage"]!.GetValue<string>() == "generating_media");
        Assert.Equal("completed", all[^1].Data["data"]!["status"]!.GetValue<string>());
        var stored = all.Select(e => e.Data["progress"]!.GetValue<int>()).ToList();
        Assert.True(stored.Zip(stored.Skip(1)).All(p => p.First <= p.Second), "progress never goes back");
    }

    [Fact]
    public async Task AccountEvents_FollowEveryVideoOfTheAccount_AndNoOneElses()
    {
        using var mine = server.Client(await server.NewAccountKeyAsync());
        using var other = server.Client();
        // A new account has no earlier events, so replaying from 0 cannot race the creates below.
        var stream = ReadStreamAsync(mine, "v1/events", "0", events => events.Count(e => e.Type == "video.completed") == 2);

        var a = (await (await mine.PostJsonAsync("v1/videos", new { prompt = "First.", seconds = 1, size = "160x90" })).JsonAsync())["id"]!.GetValue<string>();
        var theirs = (await (await other.PostJsonAsync("v1/videos", new { prompt = "Not yours.", seconds = 1, size = "160x90" })).JsonAsync())["id"]!.GetValue<string>();
        var b = (await (await mine.PostJsonAsync("v1/videos", new { prompt = "Second.", seconds = 1, size = "160x90" })).JsonAsync())["id"]!.GetValue<string>();
        var events = await stream.WaitAsync(TimeSpan.FromSeconds(60));

        var videos = events.Select(e => e.Data["data"]!["id"]!.GetValue<string>()).Distinct().ToList();
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), videos.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(theirs, videos);
        Assert.Contains(events, e => e.Type == "video.created");
    }

    [Fact]
    public async Task Events_OfAFinishedVideo_WithLastEventIdPastItsEnd_EndAtOnce()
    {
        using var client = server.Client();
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "Done before asked.", seconds = 1, size = "160x90" })).JsonAsync();
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("completed", (await client.WaitForVideoAsync(id))["status"]!.GetValue<string>());
        var all = await ReadEventsAsync(client, id, lastEventId: null, stopAfter: int.MaxValue);

        // Past the last event: the stream must end, not send heartbeats (every 15 s) for ever.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/videos/{id}/events");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", (long.Parse(all[^1].Id, System.Globalization.CultureInfo.InvariantCulture) + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var body = await response.Content.ReadAsStringAsync(deadline.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("event:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_OfAnotherAccountsVideo_AreNotFound()
    {
        using var owner = server.Client();
        using var stranger = server.Client(await server.NewAccountKeyAsync());
        var created = await (await owner.PostJsonAsync("v1/videos", new { prompt = "Mine.", seconds = 1, size = "160x90" })).JsonAsync();

        var response = await stranger.GetAsync($"v1/videos/{created["id"]}/events");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task LongPoll_AnswersAsSoonAsTheVideoChanges_AndETagsGive304()
    {
        using var client = server.Client();
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "Wait for me.", seconds = 2, size = "160x90" })).JsonAsync();
        var id = created["id"]!.GetValue<string>();

        var current = await client.GetAsync($"v1/videos/{id}");
        var etag = current.Headers.ETag!;
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"v1/videos/{id}?wait=30");
        poll.Headers.IfNoneMatch.Add(etag);
        var changed = await client.SendAsync(poll);

        // A wait that ran out would answer 304 with the same ETag: a 200 with a new one was woken by the change.
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);

        var done = await client.WaitForVideoAsync(id);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"v1/videos/{id}");
        var final = await client.GetAsync($"v1/videos/{id}");
        again.Headers.IfNoneMatch.Add(final.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("61")]
    [InlineData("-1")]
    [InlineData("soon")]
    public async Task LongPoll_WithABadWait_Answers400InTheEnvelope(string wait)
    {
        using var client = server.Client();

        var response = await client.GetAsync($"v1/videos/video_x?wait={wait}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("wait", (await response.JsonAsync())["error"]!["param"]!.GetValue<string>());
    }

    private sealed record Event(string Id, string Type, JsonObject Data);

    /// <summary>Reads the stream until it ends or <paramref name="stopAfter"/> events have arrived.</summary>
    private static Task<List<Event>> ReadEventsAsync(HttpClient client, string id, string? lastEventId, int stopAfter) =>
        ReadStreamAsync(client, $"v1/videos/{id}/events", lastEventId, events => events.Count >= stopAfter);

    private static async Task<List<Event>> ReadStreamAsync(HttpClient client, string path, string? lastEventId, Func<List<Event>, bool> enough)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<Event>();
        string? eventId = null, type = null;
        while (!enough(events) && await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                eventId = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(new Event(eventId!, type!, (JsonObject)JsonNode.Parse(line[6..])!));
            }
        }
        return events;
    }
}
