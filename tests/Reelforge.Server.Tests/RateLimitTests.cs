using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;

namespace Reelforge.Server.Tests;

/// <summary>Per-key limits on a server of its own (the shared one runs without them).</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "rf-limits-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await ServerFixture.StartAsync(_data, new Dictionary<string, string?>
    {
        ["RateLimits:ReadsPerMinute"] = "3",
        ["RateLimits:CreatesPerMinute"] = "2",
        ["Workers:Concurrency"] = "0",
    });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private async Task<HttpClient> ClientAsync(string path = "")
    {
        var accounts = _app.Services.GetRequiredService<IAccountStore>();
        var account = await accounts.EnsureAccountAsync("acct-" + Guid.NewGuid().ToString("N")[..8], Ct);
        var key = ApiKeys.Generate();
        await accounts.AddKeyAsync(account.Id, key, Scopes.All, Ct);
        var client = new HttpClient { BaseAddress = new Uri(ServerFixture.AddressOf(_app), path) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var seconds = int.Parse(response.Headers.GetValues("retry-after").Single(), CultureInfo.InvariantCulture);
        var ms = long.Parse(response.Headers.GetValues("retry-after-ms").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        Assert.InRange(ms, 1, 60_000);
        Assert.Equal(seconds, (int)Math.Ceiling(ms / 1000.0));
    }

    [Fact]
    public async Task ReadsAndCreates_HaveSeparateAllowances_PerKey()
    {
        using var client = await ClientAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("v1/videos", Ct)).StatusCode);
        }
        var refused = await client.GetAsync("v1/videos", Ct);
        AssertRetryAfter(refused);
        var error = (await refused.JsonAsync())["error"]!;
        Assert.Equal(("rate_limit_error", "rate_limit_exceeded"), (error["type"]!.GetValue<string>(), error["code"]!.GetValue<string>()));

        // Creates are counted apart from reads.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("v1/videos", new { prompt = "Queued.", seconds = 1, size = "160x90" })).StatusCode);
        }
        AssertRetryAfter(await client.PostJsonAsync("v1/videos", new { prompt = "One too many.", seconds = 1, size = "160x90" }));

        // Another key has its own.
        using var other = await ClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("v1/videos", Ct)).StatusCode);
    }

    [Fact]
    public async Task A429_IsInTheDialectsOwnShape()
    {
        using var poe = await ClientAsync("compat/poe/v1/");
        using var prism = await ClientAsync("compat/prism/api/");
        for (var i = 0; i < 3; i++)
        {
            await poe.GetAsync("videos/video_x", Ct);
            await prism.GetAsync("templates", Ct);
        }
        var poeRefused = await poe.GetAsync("videos/video_x", Ct);
        AssertRetryAfter(poeRefused);
        Assert.Equal("rate_limit_error", (await poeRefused.JsonAsync())["error"]!["type"]!.GetValue<string>());
        var prismRefused = await prism.GetAsync("templates", Ct);
        AssertRetryAfter(prismRefused);
        Assert.Equal("rate_limited", (await prismRefused.JsonAsync())["error"]!.GetValue<string>());
    }
}
