using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;
using Reelforge.Server.Hosting;

[assembly: AssemblyFixture(typeof(Reelforge.Server.Tests.ServerFixture))]

namespace Reelforge.Server.Tests;

/// <summary>
/// One real Reelforge (Kestrel on a loopback port, SQLite, FFmpeg) for the whole test assembly.
/// Every test makes its own jobs; tests that count or list make their own account.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string DevKey = "rf_test_development_key";
    private WebApplication? _app;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "rf-server-" + Guid.NewGuid().ToString("N"));
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;

    public async ValueTask InitializeAsync()
    {
        _app = await StartAsync(DataDirectory, new Dictionary<string, string?>
        {
            ["Auth:DevelopmentKey"] = DevKey,
            ["Workers:Concurrency"] = "2",
            ["Videos:MaxUploadBytes"] = "200000",
            ["Videos:MaxDataUrlBytes"] = "50000",
        });
        BaseAddress = AddressOf(_app);
    }

    /// <summary>
    /// Starts a Reelforge on a loopback port over <paramref name="dataDirectory"/> with the tests'
    /// settings (fast retries, loopback webhooks allowed) and <paramref name="settings"/> on top.
    /// </summary>
    public static async Task<WebApplication> StartAsync(string dataDirectory, IDictionary<string, string?> settings)
    {
        var builder = ReelforgeServer.CreateBuilder([]);
        var all = new Dictionary<string, string?>
        {
            ["DataDirectory"] = dataDirectory,
            ["urls"] = "http://127.0.0.1:0",
            ["Workers:RetryBaseDelaySeconds"] = "0",
            ["Webhooks:AllowLoopback"] = "true",
            // The suite polls hard from one key; RateLimitTests runs its own server with low limits.
            ["RateLimits:ReadsPerMinute"] = "0",
            ["RateLimits:CreatesPerMinute"] = "0",
            ["Webhooks:RetrySchedule"] = "300ms, 300ms, 300ms",
            ["Webhooks:PollMilliseconds"] = "100",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:LogToStandardErrorThreshold"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(all);
        var app = await ReelforgeServer.BuildAsync(builder);
        await app.StartAsync();
        return app;
    }

    public static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public HttpClient Client(string? key = DevKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    /// <summary>A new account with its own key (all video scopes unless told otherwise).</summary>
    public async Task<string> NewAccountKeyAsync(params string[] scopes)
    {
        var accounts = Services.GetRequiredService<IAccountStore>();
        var account = await accounts.EnsureAccountAsync("acct-" + Guid.NewGuid().ToString("N")[..8], CancellationToken.None);
        var key = ApiKeys.Generate();
        await accounts.AddKeyAsync(account.Id, key, scopes.Length > 0 ? scopes : [Scopes.VideosRead, Scopes.VideosWrite], CancellationToken.None);
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

public static class HttpExtensions
{
    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("Not a JSON object: " + text);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, new JsonSerializerOptions());

    /// <summary>Polls a video until it is completed or failed, within a deadline.</summary>
    public static async Task<JsonObject> WaitForVideoAsync(this HttpClient client, string id, double seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var video = await (await client.GetAsync($"v1/videos/{id}")).JsonAsync();
            if (video["status"]!.GetValue<string>() is "completed" or "failed")
            {
                return video;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{id} still {video["status"]} ({video["stage"]}, {video["progress"]}%) after {seconds} s.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Reads <paramref name="read"/> until <paramref name="done"/> holds, failing with the last body
    /// read once <paramref name="seconds"/> have passed: a poll never hangs the suite.
    /// </summary>
    public static async Task<JsonObject> PollUntilAsync(Func<Task<JsonObject>> read, Func<JsonObject, bool> done, string what, double seconds = 60, int everyMilliseconds = 100)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var body = await read();
            if (done(body))
            {
                return body;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} not reached after {seconds} s; last read: {body.ToJsonString()}");
            }
            await Task.Delay(everyMilliseconds);
        }
    }

    public static async Task<JsonObject> CreateAndWaitAsync(this HttpClient client, object body)
    {
        var created = await client.PostJsonAsync("v1/videos", body);
        Assert.True(created.StatusCode == System.Net.HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        return await client.WaitForVideoAsync((await created.JsonAsync())["id"]!.GetValue<string>());
    }
}
