using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Jobs;

namespace Reelforge.Server.Tests.Providers;

/// <summary>
/// A Reelforge whose every provider points at one <see cref="FakeProviders"/>: the script writer,
/// neural speech, and the media sources `library, pexels, pixabay, openai-images` in that order,
/// with a library folder of two tagged pictures. Retries wait 20 ms, not a second.
/// </summary>
public sealed class ProviderServer : IAsyncLifetime
{
    public const string ScriptKey = "sk-script-secret-1", SpeechKey = "sk-speech-secret-2", ImagesKey = "sk-images-secret-3";
    public const string PexelsKey = "pexels-secret-4", PixabayKey = "pixabay-secret-5";

    private WebApplication? _app;

    public FakeProviders Fake { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "rf-providers-" + Guid.NewGuid().ToString("N"));
    public string Library => Path.Combine(DataDirectory, "library");

    public static readonly string[] Keys = [ScriptKey, SpeechKey, ImagesKey, PexelsKey, PixabayKey];

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeProviders.StartAsync();
        Directory.CreateDirectory(Path.Combine(Library, "coast"));
        File.Copy(Path.Combine(Fake.Directory, "yellow.jpg"), Path.Combine(Library, "lighthouse-at-night.jpg"));
        // Tagged by a sidecar: its name alone says nothing of boats.
        File.Copy(Path.Combine(Fake.Directory, "magenta.png"), Path.Combine(Library, "coast", "img_0042.png"));
        await File.WriteAllTextAsync(Path.Combine(Library, "coast", "img_0042.json"), """{"tags": ["fishing boats", "harbour"]}""");
        var api = Fake.Url("/v1").ToString();
        _app = await ServerFixture.StartAsync(DataDirectory, new Dictionary<string, string?>
        {
            ["Auth:DevelopmentKey"] = ServerFixture.DevKey,
            ["Workers:Concurrency"] = "2",
            ["Script:Provider"] = "openai", ["Script:BaseUrl"] = api, ["Script:ApiKey"] = ScriptKey, ["Script:Model"] = "llama3", ["Script:TimeoutSeconds"] = "20",
            ["Speech:Provider"] = "openai", ["Speech:BaseUrl"] = api, ["Speech:ApiKey"] = SpeechKey, ["Speech:Model"] = "kokoro", ["Speech:Voice"] = "af_bella",
            ["Media:Sources:0"] = "library", ["Media:Sources:1"] = "pexels", ["Media:Sources:2"] = "pixabay", ["Media:Sources:3"] = "openai-images",
            ["Media:Library:Directory"] = Library,
            ["Media:Pexels:ApiKey"] = PexelsKey, ["Media:Pexels:BaseUrl"] = Fake.Url("/pexels").ToString(),
            ["Media:Pixabay:ApiKey"] = PixabayKey, ["Media:Pixabay:BaseUrl"] = Fake.Url("/pixabay").ToString(),
            ["Media:OpenAiImages:BaseUrl"] = api, ["Media:OpenAiImages:ApiKey"] = ImagesKey, ["Media:OpenAiImages:Model"] = "gpt-image-1",
            ["Providers:RetryDelayMilliseconds"] = "20",
        });
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = ServerFixture.AddressOf(_app!), Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerFixture.DevKey);
        return client;
    }

    /// <summary>The job's `note` events, in order.</summary>
    public async Task<IReadOnlyList<string>> NotesAsync(JsonObject video)
    {
        var events = await _app!.Services.GetRequiredService<IJobStore>().ListEventsAsync(video["id"]!.GetValue<string>(), 0, CancellationToken.None);
        return events.Where(e => e.Type == "note").Select(e => e.Message!).ToList();
    }

    /// <summary>Every event message and the video as the API shows it: where a key must never appear.</summary>
    public async Task AssertNoKeyLeaksAsync(HttpClient client, JsonObject video)
    {
        var seen = string.Join("\n", await NotesAsync(video)) + (await client.GetStringAsync($"v1/videos/{video["id"]}"));
        foreach (var key in Keys)
        {
            Assert.DoesNotContain(key, seen, StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await Fake.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
