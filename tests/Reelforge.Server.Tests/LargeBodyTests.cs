using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;

namespace Reelforge.Server.Tests;

/// <summary>
/// The whole-request limits (413) and the gate on large bodies (503 `server_busy`), on a server of
/// their own with one large-body slot, so a held request fills it. Requests are written by hand
/// (RawHttp): a body is held back, or sent only after `100 Continue`, or streamed past the limit.
/// </summary>
public sealed class LargeBodyTests : IAsyncLifetime
{
    // Upload limit 200 kB: whole body 200,000 / 3 * 4 + 1 MiB = 1,315,240 bytes (base64 and the other fields).
    // Data URL limit 50 kB: JSON body 50,000 / 3 * 4 + 1 MiB = 1,115,240 bytes. A "large" body is over 1 MiB.
    private const int OverJsonLimit = 1_200_000, OverWholeLimit = 1_400_000, Large = 1_100_000;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "rf-large-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private string _key = null!;
    private Uri _server = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await ServerFixture.StartAsync(_data, new Dictionary<string, string?>
        {
            ["Workers:Concurrency"] = "0",
            ["Videos:MaxUploadBytes"] = "200000",
            ["Videos:MaxDataUrlBytes"] = "50000",
            ["Videos:MaxLargeBodiesInFlight"] = "1",
            // A full gate answers at once: the test holds the slot itself, so no wait decides anything.
            ["Videos:LargeBodyWaitSeconds"] = "0",
        });
        _server = ServerFixture.AddressOf(_app);
        var accounts = _app.Services.GetRequiredService<IAccountStore>();
        var account = await accounts.EnsureAccountAsync("large-bodies", Ct);
        _key = ApiKeys.Generate();
        await accounts.AddKeyAsync(account.Id, _key, Scopes.All, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    public enum Dialect { OpenAi, Pictory, Blotato }

    public static TheoryData<Dialect, string> OversizedBodies => new()
    {
        { Dialect.OpenAi, "json" }, { Dialect.OpenAi, "multipart" }, { Dialect.OpenAi, "chunked-json" }, { Dialect.OpenAi, "chunked-multipart" },
        { Dialect.Pictory, "json" }, { Dialect.Pictory, "chunked-json" },
        { Dialect.Blotato, "json" }, { Dialect.Blotato, "multipart" }, { Dialect.Blotato, "chunked-json" },
    };

    [Theory]
    [MemberData(nameof(OversizedBodies))]
    public async Task ABodyOverTheWholeRequestLimit_Is413_InTheDialectsErrorShape(Dialect dialect, string body)
    {
        var json = !body.EndsWith("multipart", StringComparison.Ordinal);
        var contentType = json ? "application/json" : "multipart/form-data; boundary=rf-boundary";
        RawHttp.Response response;
        if (body.StartsWith("chunked", StringComparison.Ordinal))
        {
            // No length to refuse up front: the server must stop reading at its limit, and say so.
            await using var http = await StartAsync(dialect, [("Content-Type", contentType), ("Transfer-Encoding", "chunked")]);
            var answer = http.ReadResponseAsync(Ct);
            // A multipart body opens a field that never ends, so the form reader keeps reading.
            Assert.True(json || await http.TryWriteChunkAsync("--rf-boundary\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n"u8.ToArray(), Ct));
            var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            for (var sent = 0; sent < OverWholeLimit && !answer.IsCompleted && await http.TryWriteChunkAsync(chunk, Ct); sent += chunk.Length)
            {
            }
            response = await answer;
        }
        else
        {
            // A length over the limit is refused before the body is asked for (no `100 Continue`).
            await using var http = await StartAsync(dialect, [("Content-Type", contentType), ("Expect", "100-continue"),
                ("Content-Length", (json ? OverJsonLimit : OverWholeLimit).ToString(CultureInfo.InvariantCulture))]);
            response = await http.ReadResponseAsync(Ct);
        }

        Assert.Equal(413, response.Status);
        AssertShape(dialect, response, "payload_too_large");
    }

    [Fact]
    public async Task WhenTheLargeBodySlotsAreTaken_TheNextLargeBodyIs503ServerBusy_WithRetryAfter_UntilOneIsReleased()
    {
        var held = Encoding.UTF8.GetBytes($$"""{"prompt":"{{new string('a', Large)}}"}""");
        // The held request passes the gate and its handler asks for the body: Kestrel's `100 Continue`
        // is the signal that it sits in the one slot. Its body is sent only when the test says so.
        await using var holder = await StartAsync(Dialect.OpenAi, [("Content-Type", "application/json"), ("Expect", "100-continue"),
            ("Content-Length", held.Length.ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal(100, (await holder.ReadResponseAsync(Ct)).Status);

        foreach (var dialect in Enum.GetValues<Dialect>())
        {
            var busy = await LargeJsonAsync(dialect);
            Assert.Equal(503, busy.Status);
            AssertShape(dialect, busy, "server_busy");
            Assert.Equal("5", busy.Headers["Retry-After"]);
        }
        // A small body never waits for a slot: it reaches validation (a prompt over 4,000 characters).
        Assert.Equal(400, (await SmallJsonAsync()).Status);

        Assert.True(await holder.TryWriteAsync(held, Ct));
        var released = await holder.ReadResponseAsync(Ct);
        // A refusal is thrown through the gate, which frees the slot before the answer is written:
        // once the holder has its answer, the next large body gets in.
        Assert.Equal(400, released.Status);
        var next = await LargeJsonAsync(Dialect.OpenAi, sendBody: true);
        Assert.Equal(400, next.Status);
        Assert.Equal("invalid_value", JsonNode.Parse(next.Body)!["error"]!["code"]!.GetValue<string>());
    }

    /// <summary>A large JSON body: its head with `Expect: 100-continue`, and the body only if the server asks for it.</summary>
    private async Task<RawHttp.Response> LargeJsonAsync(Dialect dialect, bool sendBody = false)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"prompt":"{{new string('b', Large)}}"}""");
        await using var http = await StartAsync(dialect, [("Content-Type", "application/json"), ("Expect", "100-continue"),
            ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))]);
        var response = await http.ReadResponseAsync(Ct);
        if (response.Status == 100 && sendBody)
        {
            Assert.True(await http.TryWriteAsync(body, Ct));
            response = await http.ReadResponseAsync(Ct);
        }
        return response;
    }

    private async Task<RawHttp.Response> SmallJsonAsync()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"prompt":"{{new string('c', 5000)}}"}""");
        await using var http = await StartAsync(Dialect.OpenAi, [("Content-Type", "application/json"),
            ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))]);
        Assert.True(await http.TryWriteAsync(body, Ct));
        return await http.ReadResponseAsync(Ct);
    }

    private Task<RawHttp> StartAsync(Dialect dialect, (string, string)[] headers)
    {
        var (path, auth) = dialect switch
        {
            Dialect.OpenAi => ("v1/videos", ("Authorization", "Bearer " + _key)),
            Dialect.Pictory => ("compat/pictory/pictoryapis/v1/aistudio/videos", ("Authorization", _key)),
            _ => ("compat/blotato/v2/videos/from-templates", ("blotato-api-key", _key)),
        };
        return RawHttp.StartAsync(_server, "POST", path, [auth, .. headers], Ct);
    }

    private static void AssertShape(Dialect dialect, RawHttp.Response response, string code)
    {
        var body = JsonNode.Parse(response.Body)!.AsObject();
        switch (dialect)
        {
            case Dialect.OpenAi:
                Assert.Equal(code, body["error"]!["code"]!.GetValue<string>());
                Assert.Equal(response.Status >= 500 ? "server_error" : "invalid_request_error", body["error"]!["type"]!.GetValue<string>());
                break;
            case Dialect.Pictory:
                Assert.Equal(code.ToUpperInvariant(), body["code"]!.GetValue<string>());
                Assert.NotNull(body["message"]);
                break;
            default:
                Assert.Equal(response.Status, body["statusCode"]!.GetValue<int>());
                Assert.NotNull(body["message"]);
                break;
        }
    }
}
