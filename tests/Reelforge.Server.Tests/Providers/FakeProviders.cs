using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Rendering;
using Reelforge.Rendering.Ffmpeg;

namespace Reelforge.Server.Tests.Providers;

/// <summary>
/// One real Kestrel on loopback speaking the providers' documented wire formats: OpenAI chat
/// completions, images and speech under `/v1`, Pexels under `/pexels` (`/videos/search`,
/// `/v1/search`), Pixabay under `/pixabay` (`/api/videos/`, `/api/`), and the media files they link
/// to under `/files`. It records every request; each test says how it answers with <see cref="Answer"/>.
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Call> _calls = new();

    public sealed record Call(string Method, string Path, IQueryCollection Query, string Authorization, string Body, DateTimeOffset At);

    /// <summary>How to answer a request (the calls so far to the same path included); null: 404.</summary>
    public Func<Call, int, IResult?> Answer { get; set; } = (_, _) => null;

    public Uri BaseAddress { get; }
    public string Directory { get; }

    private FakeProviders(WebApplication app, Uri baseAddress, string directory)
    {
        _app = app;
        BaseAddress = baseAddress;
        Directory = directory;
    }

    public static async Task<FakeProviders> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("rf-fake-providers-").FullName;
        await MakeMediaAsync(directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeProviders? fake = null;
        app.Map("/{**path}", async (HttpContext http) =>
        {
            var f = fake!;
            var call = new Call(http.Request.Method, http.Request.Path.Value!, http.Request.Query, http.Request.Headers.Authorization.ToString(),
                await new StreamReader(http.Request.Body).ReadToEndAsync(), DateTimeOffset.UtcNow);
            var before = f._calls.Count(c => c.Path == call.Path);
            f._calls.Enqueue(call);
            return f.Answer(call, before + 1) ?? (call.Path.StartsWith("/files/", StringComparison.Ordinal) && File.Exists(Path.Combine(directory, call.Path[7..]))
                ? Results.File(Path.Combine(directory, call.Path[7..]), call.Path.EndsWith(".mp4", StringComparison.Ordinal) ? "video/mp4" : "image/jpeg")
                : Results.NotFound());
        });
        await app.StartAsync();
        fake = new FakeProviders(app, ServerFixture.AddressOf(app), directory);
        return fake;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public IReadOnlyList<Call> Calls => _calls.ToList();

    public IReadOnlyList<Call> At(string path) => _calls.Where(c => c.Path == path).ToList();

    public void Reset(Func<Call, int, IResult?> answer)
    {
        _calls.Clear();
        Answer = answer;
    }

    public byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    /// <summary>
    /// Real media made by FFmpeg, each a colour a frame can be checked for: a blue clip, a green
    /// photo, a red PNG (the image model's), a yellow and a magenta library image, and 1.5 s of speech-like tone.
    /// </summary>
    private static async Task MakeMediaAsync(string directory)
    {
        var runner = new FfmpegRunner(Options.Create(new RenderOptions()));
        var log = Path.Combine(directory, "make.log");
        async Task MakeAsync(string output, params string[] input) =>
            await runner.RunAsync([.. input, Path.Combine(directory, output)], 0, log, null, CancellationToken.None);
        await MakeAsync("clip.mp4", "-f", "lavfi", "-i", "color=c=0x1E50DC:s=320x180:r=25:d=2", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        await MakeAsync("photo.jpg", "-f", "lavfi", "-i", "color=c=0x28B43C:s=320x180", "-frames:v", "1");
        await MakeAsync("generated.png", "-f", "lavfi", "-i", "color=c=0xDC2828:s=256x256", "-frames:v", "1");
        await MakeAsync("yellow.jpg", "-f", "lavfi", "-i", "color=c=0xF0D21E:s=320x180", "-frames:v", "1");
        await MakeAsync("magenta.png", "-f", "lavfi", "-i", "color=c=0xC828C8:s=320x180", "-frames:v", "1");
        await MakeAsync("speech.wav", "-f", "lavfi", "-i", "sine=frequency=300:duration=1.5:sample_rate=24000", "-c:a", "pcm_s16le");
        await MakeAsync("speech.mp3", "-f", "lavfi", "-i", "sine=frequency=300:duration=1.5:sample_rate=24000", "-c:a", "libmp3lame");
    }

    public static string Seconds(double s) => s.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
