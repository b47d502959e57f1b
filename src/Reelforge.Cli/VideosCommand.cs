using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reelforge.Cli;

/// <summary>
/// `reelforge videos create|get|list|wait|download|delete`: a client of a running server.
/// Exit codes: 0 done, 1 the API refused or could not be reached (its message is printed),
/// 2 a usage mistake, 3 a waited video failed.
/// </summary>
internal static class VideosCommand
{
    public const int ApiError = 1, Usage = 2, VideoFailed = 3;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly Option<string> Url = new("--url")
    {
        Description = "The server's base URL. Default: REELFORGE_URL, else http://127.0.0.1:8080.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("REELFORGE_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:8080",
        Recursive = true,
    };

    public static readonly Option<string?> Key = new("--key")
    {
        Description = "API key. Default: REELFORGE_API_KEY.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("REELFORGE_API_KEY"),
        Recursive = true,
    };

    public static Command Create()
    {
        var getId = VideoId();
        var get = new Command("get", "Print a video (the Video object, as JSON).") { getId };
        get.SetAction((parse, ct) => RunAsync(parse, async api =>
        {
            Console.WriteLine((await api.GetAsync(parse.GetValue(getId)!, ct)).ToJsonString(Indented));
            return 0;
        }));

        var limit = new Option<int>("--limit") { Description = "How many, newest first (1-100).", DefaultValueFactory = _ => 20 };
        var list = new Command("list", "List videos: id, status, stage, progress, seconds, size, created, prompt.") { limit };
        list.SetAction((parse, ct) => RunAsync(parse, async api =>
        {
            foreach (var video in (await api.ListAsync(parse.GetValue(limit), ct))["data"] as JsonArray ?? [])
            {
                Console.WriteLine(Row(video!.AsObject()));
            }
            return 0;
        }));

        var downloadId = VideoId();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write it. Default: <id>.mp4 (.webp, .jpg) here." };
        var variant = new Option<string>("--variant") { Description = "video, thumbnail or spritesheet.", DefaultValueFactory = _ => "video" };
        variant.AcceptOnlyFromAmong("video", "thumbnail", "spritesheet");
        var download = new Command("download", "Download a completed video, or its thumbnail or spritesheet.") { downloadId, output, variant };
        download.SetAction((parse, ct) => RunAsync(parse, async api =>
        {
            var id = parse.GetValue(downloadId)!;
            var kind = parse.GetValue(variant)!;
            await DownloadAsync(api, id, kind, parse.GetValue(output)?.FullName ?? DefaultFileName(id, kind), ct);
            return 0;
        }));

        var deleteId = VideoId();
        var delete = new Command("delete", "Delete a video (an unfinished one is cancelled first).") { deleteId };
        delete.SetAction((parse, ct) => RunAsync(parse, async api =>
        {
            var deleted = await api.DeleteAsync(parse.GetValue(deleteId)!, ct);
            Console.WriteLine($"deleted {deleted["id"]}");
            return 0;
        }));

        return new Command("videos", "Make and fetch videos on a Reelforge server (REELFORGE_URL, REELFORGE_API_KEY).")
        {
            Url, Key, VideosCreate.Create(), get, list, VideosWait.Create(), download, delete,
        };
    }

    public static Argument<string> VideoId() => new("id") { Description = "The video's id (video_…)." };

    /// <summary>Runs a subcommand with a client, turning the failures the user should see into a message and an exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<ApiClient, Task<int>> action)
    {
        try
        {
            if (!Uri.TryCreate(parse.GetValue(Url), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--url '{parse.GetValue(Url)}' is not an http(s) URL");
            }
            using var api = new ApiClient(url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"), parse.GetValue(Key));
            return await action(api);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync("reelforge: " + ex.Message);
            return Usage;
        }
        catch (ApiException ex)
        {
            await Console.Error.WriteLineAsync("reelforge: " + ex.Message);
            return ApiError;
        }
    }

    public static async Task DownloadAsync(ApiClient api, string id, string variant, string path, CancellationToken ct)
    {
        var bytes = await api.DownloadAsync(id, variant, path, ct);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"reelforge: wrote {path} ({bytes} bytes)"));
    }

    public static string DefaultFileName(string id, string variant) => id + variant switch
    {
        "thumbnail" => ".webp",
        "spritesheet" => ".jpg",
        _ => ".mp4",
    };

    private static string Row(JsonObject v)
    {
        var created = v["created_at"]?.GetValue<long>() is { } at ? DateTimeOffset.FromUnixTimeSeconds(at).ToString("u", CultureInfo.InvariantCulture) : "";
        var prompt = v["prompt"]?.GetValue<string>() ?? "";
        prompt = prompt.Length > 40 ? prompt[..40] + "…" : prompt;
        return string.Join('\t', v["id"], v["status"], v["stage"], $"{v["progress"]}%", $"{v["seconds"]}s", v["size"], created, prompt.ReplaceLineEndings(" "));
    }
}
