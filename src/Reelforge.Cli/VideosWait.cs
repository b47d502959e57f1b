using System.CommandLine;
using System.Text.Json.Nodes;

namespace Reelforge.Cli;

/// <summary>`reelforge videos wait ID`, and the following that `create --wait` and `create --batch` share.</summary>
internal static class VideosWait
{
    public static Command Create()
    {
        var id = VideosCommand.VideoId();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Also download the video here once it is completed." };
        var command = new Command("wait", "Follow a video's progress until it ends; exit 3 if it failed.") { id, output };
        command.SetAction((parse, ct) => VideosCommand.RunAsync(parse, async api =>
        {
            var video = parse.GetValue(id)!;
            var ended = (await FollowAsync(api, [video], ct))[0];
            return await FinishAsync(api, ended, parse.GetValue(output), ct);
        }));
        return command;
    }

    /// <summary>
    /// Follows every video at once in one view, each to its end; returns them as they ended, in order.
    /// With <paramref name="batch"/>, a video that cannot be followed (deleted meanwhile, say) counts
    /// as failed instead of stopping the others.
    /// </summary>
    public static async Task<JsonObject[]> FollowAsync(ApiClient api, IReadOnlyList<string> ids, CancellationToken ct, bool batch = false)
    {
        await using var view = new ProgressView(Console.Error, terminal: !Console.IsErrorRedirected);
        var rows = ids.Select(view.Add).ToList();
        return await Task.WhenAll(ids.Select(async (id, i) =>
        {
            JsonObject video;
            try
            {
                video = await VideoFollower.FollowAsync(api, id, p => view.Update(rows[i], p), TimeProvider.System, ct);
            }
            catch (ApiException ex) when (batch)
            {
                video = new JsonObject { ["id"] = id, ["status"] = "failed", ["error"] = new JsonObject { ["code"] = "not_followed", ["message"] = ex.Message } };
            }
            view.End(rows[i], Outcome(video));
            return video;
        }));
    }

    /// <summary>"completed", or "failed: code: message".</summary>
    public static string Outcome(JsonObject video) =>
        video["status"]?.GetValue<string>() == "completed"
            ? "completed"
            : $"failed: {video["error"]?["code"]}: {video["error"]?["message"]}";

    /// <summary>After a single wait: the download if asked and completed; exit 3 with the reason if it failed.</summary>
    public static async Task<int> FinishAsync(ApiClient api, JsonObject video, FileInfo? output, CancellationToken ct)
    {
        var id = video["id"]!.GetValue<string>();
        if (video["status"]?.GetValue<string>() != "completed")
        {
            await Console.Error.WriteLineAsync($"reelforge: {id} {Outcome(video)}");
            return VideosCommand.VideoFailed;
        }
        if (output is not null)
        {
            await VideosCommand.DownloadAsync(api, id, "video", output.FullName, ct);
        }
        return 0;
    }
}
