using System.Net;
using System.Text.Json.Nodes;
using Reelforge.Accounts;

namespace Reelforge.Server.Tests;

/// <summary>Accounts, keys, scopes, credits and usage, through the admin API and every dialect.</summary>
public sealed class AccountTests(ServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new account (through the admin API) and a key for it.</summary>
    private async Task<(string AccountId, string Key)> AccountAsync(decimal? credits, params string[] scopes)
    {
        using var admin = server.Client();
        var account = await (await admin.PostJsonAsync("v1/admin/accounts", new { name = "acct-" + Guid.NewGuid().ToString("N")[..8], credits })).JsonAsync();
        var id = account["id"]!.GetValue<string>();
        var key = await (await admin.PostJsonAsync("v1/admin/keys", new { account = id, scopes = scopes.Length > 0 ? scopes : Scopes.All.Where(s => s != Scopes.Admin).ToArray() })).JsonAsync();
        return (id, key["key"]!.GetValue<string>());
    }

    private async Task<decimal?> BalanceAsync(string accountId)
    {
        using var admin = server.Client();
        var accounts = await (await admin.GetAsync("v1/admin/accounts", Ct)).JsonAsync();
        return accounts["data"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == accountId)!["credits"]?.GetValue<decimal>();
    }

    [Fact]
    public async Task Credits_AreReservedExactly_UnderConcurrentCreates_ThenChargedOrRefunded()
    {
        var (accountId, key) = await AccountAsync(credits: 10);
        using var client = server.Client(key);

        // Eight creates at once, each needing 2 credits: exactly five fit.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PostJsonAsync("v1/videos", new { prompt = $"Paid video {i}.", seconds = 2, size = "160x90" })));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.All(refused, r => Assert.Equal((HttpStatusCode)402, r.StatusCode));
        Assert.Equal("insufficient_credits", (await refused[0].JsonAsync())["error"]!["code"]!.GetValue<string>());
        Assert.Equal(0m, await BalanceAsync(accountId));

        var ids = new List<string>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            var video = await response.JsonAsync();
            Assert.Equal(2m, video["credits"]!["reserved"]!.GetValue<decimal>());
            ids.Add(video["id"]!.GetValue<string>());
        }
        // One is cancelled (deleted before it ends): its 2 credits come back. The five were created
        // at once, so the last response is not the last in the queue: delete one still waiting
        // (one already rendered would be charged, and rightly keep its credits).
        string? deleted = null;
        foreach (var id in Enumerable.Reverse(ids))
        {
            if ((await (await client.GetAsync($"v1/videos/{id}", Ct)).JsonAsync())["status"]!.GetValue<string>() == "queued")
            {
                deleted = id;
                break;
            }
        }
        Assert.NotNull(deleted);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"v1/videos/{deleted}", Ct)).StatusCode);
        foreach (var id in ids.Where(id => id != deleted))
        {
            var done = await client.WaitForVideoAsync(id);
            Assert.Equal("completed", done["status"]!.GetValue<string>());
            Assert.Equal(2m, done["credits"]!["charged"]!.GetValue<decimal>());
        }
        Assert.Equal(2m, await BalanceAsync(accountId));

        var usage = await (await client.GetAsync("v1/usage", Ct)).JsonAsync();
        Assert.Equal(2m, usage["credits_available"]!.GetValue<decimal>());
        var today = Assert.Single(usage["data"]!.AsArray())!;
        Assert.Equal((4, 1), (today["jobs"]!["completed"]!.GetValue<int>(), today["jobs"]!["cancelled"]!.GetValue<int>()));
        Assert.Equal(8m, today["credits"]!.GetValue<decimal>());
        Assert.InRange(today["seconds_rendered"]!.GetValue<double>(), 7.9, 8.1);
    }

    [Fact]
    public async Task TooFewCredits_IsA402_InEveryDialectsOwnShape()
    {
        var (_, key) = await AccountAsync(credits: 1);
        using var poe = server.Client(key);
        var poeRefused = await poe.PostJsonAsync("compat/poe/v1/videos", new { model = "Sora-2", prompt = "Too dear.", seconds = 4 });
        Assert.Equal((HttpStatusCode)402, poeRefused.StatusCode);
        Assert.Equal("insufficient_credits", (await poeRefused.JsonAsync())["error"]!["type"]!.GetValue<string>());

        var prismRefused = await poe.PostJsonAsync("compat/prism/api/templates/quote-card/generate", new { variables = new { quote = "Too dear." } });
        Assert.Equal((HttpStatusCode)402, prismRefused.StatusCode);
        Assert.Equal("insufficient_credits", (await prismRefused.JsonAsync())["error"]!.GetValue<string>());

        using var pictory = server.Client(null);
        pictory.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", key);
        var pictoryRefused = await pictory.PostJsonAsync("compat/pictory/pictoryapis/v1/aistudio/videos", new { prompt = "Too dear for Pictory." });
        Assert.Equal((HttpStatusCode)402, pictoryRefused.StatusCode);
        Assert.Equal("INSUFFICIENT_CREDITS", (await pictoryRefused.JsonAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AMissingScope_IsA403_InEveryDialectsOwnShape()
    {
        var (_, key) = await AccountAsync(credits: null, Scopes.VideosRead);
        using var bearer = server.Client(key);
        using var raw = server.Client(null);
        raw.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", key);
        raw.DefaultRequestHeaders.Add("blotato-api-key", key);
        raw.DefaultRequestHeaders.Add("x-api-key", key);

        var checks = new (HttpResponseMessage Response, Func<JsonObject, string> Says, string Expected)[]
        {
            (await bearer.PostJsonAsync("v1/videos", new { prompt = "x" }), b => b["error"]!["type"]!.GetValue<string>(), "permission_error"),
            (await bearer.PostJsonAsync("compat/poe/v1/videos", new { model = "Sora-2", prompt = "x" }), b => b["error"]!["type"]!.GetValue<string>(), "permission_error"),
            (await bearer.GetAsync("compat/prism/api/templates", Ct), b => b["error"]!.GetValue<string>(), "forbidden"),
            (await raw.PostJsonAsync("compat/pictory/pictoryapis/v1/aistudio/videos", new { prompt = "Hello there." }), b => b["code"]!.GetValue<string>(), "INSUFFICIENT_SCOPE"),
            (await raw.PostJsonAsync("compat/blotato/v2/videos/from-templates", new { templateId = "quote-card" }), b => b["statusCode"]!.ToString(), "403"),
            (await raw.PostJsonAsync("compat/iacrea/api/video-editor/generate/video", new { video = new { } }), b => b["statusCode"]!.ToString(), "403"),
            (await bearer.GetAsync("v1/admin/accounts", Ct), b => b["error"]!["code"]!.GetValue<string>(), "insufficient_scope"),
        };
        foreach (var (response, says, expected) in checks)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(expected, says(await response.JsonAsync()));
        }
    }

    [Fact]
    public async Task Keys_AreListedWithTheirLastUse_AndRevokedAtOnce()
    {
        var (accountId, key) = await AccountAsync(credits: null, Scopes.VideosRead);
        using var client = server.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("v1/videos", Ct)).StatusCode);

        using var admin = server.Client();
        var keys = (await (await admin.GetAsync($"v1/admin/keys?account={accountId}", Ct)).JsonAsync())["data"]!.AsArray();
        var listed = Assert.Single(keys)!;
        Assert.StartsWith("rf_", listed["display"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(listed["key"]);
        Assert.NotNull(listed["last_used_at"]);

        var revoked = await admin.DeleteAsync($"v1/admin/keys/{listed["id"]}", Ct);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("v1/videos", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"v1/admin/keys/{listed["id"]}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Accounts_SeeNothingOfEachOther()
    {
        var (_, ownerKey) = await AccountAsync(credits: null);
        var (_, strangerKey) = await AccountAsync(credits: null);
        using var owner = server.Client(ownerKey);
        using var stranger = server.Client(strangerKey);
        var video = await owner.CreateAndWaitAsync(new { prompt = "Private.", seconds = 1, size = "160x90" });
        var id = video["id"]!.GetValue<string>();
        await owner.PostJsonAsync("v1/webhook_endpoints", new { url = "https://example.com/hook" });

        Assert.Empty((await (await stranger.GetAsync("v1/videos", Ct)).JsonAsync())["data"]!.AsArray());
        foreach (var path in new[] { $"v1/videos/{id}", $"v1/videos/{id}/content", $"v1/videos/{id}/events", $"compat/poe/v1/videos/{id}" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path, Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"v1/videos/{id}", Ct)).StatusCode);
        Assert.Empty((await (await stranger.GetAsync("v1/webhook_endpoints", Ct)).JsonAsync())["data"]!.AsArray());
        Assert.Empty((await (await stranger.GetAsync($"v1/webhooks/deliveries?video_id={id}", Ct)).JsonAsync())["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"v1/videos/{id}", Ct)).StatusCode);
    }
}
