using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Reelforge.Cli;

/// <summary>`reelforge videos create`: one video from a prompt, a template or a timeline, or many from a JSONL file.</summary>
internal static class VideosCreate
{
    public static Command Create()
    {
        var prompt = new Option<string?>("--prompt", "-p") { Description = "What the video says." };
        var template = new Option<string?>("--template") { Description = "A template id (GET /v1/templates)." };
        var input = new Option<string[]>("--input", "-i") { Description = "A template input: key=value (a string) or key:=json (a list, a number). Repeat it.", AllowMultipleArgumentsPerToken = false };
        var timeline = new Option<FileInfo?>("--timeline") { Description = "A timeline JSON file (docs/timeline.md)." };
        var batch = new Option<FileInfo?>("--batch") { Description = "A JSONL file, one POST /v1/videos body a line; all are followed to their end." };
        var seconds = new Option<int?>("--seconds") { Description = "Length in seconds." };
        var size = new Option<string?>("--size") { Description = "WIDTHxHEIGHT, e.g. 1280x720." };
        var model = new Option<string?>("--model") { Description = "Model name (default: the server's)." };
        var style = new Option<string?>("--style") { Description = "slides or story." };
        var theme = new Option<string?>("--theme") { Description = "bold, minimal, neon, paper or corporate." };
        var seed = new Option<int?>("--seed") { Description = "The same seed gives the same video (theme, palette, choices)." };
        var webhookUrl = new Option<string?>("--webhook-url") { Description = "POST the outcome (video.completed or video.failed) to this URL." };
        var wait = new Option<bool>("--wait", "-w") { Description = "Follow the video's progress until it ends; exit 3 if it failed." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Download the video here once completed (implies --wait); with --batch, a folder." };
        var command = new Command("create", "Create a video; prints its id.")
        {
            prompt, template, input, timeline, batch, seconds, size, model, style, theme, seed, webhookUrl, wait, output,
        };
        command.SetAction((parse, ct) => VideosCommand.RunAsync(parse, async api =>
        {
            var request = new CreateRequest
            {
                Prompt = parse.GetValue(prompt), Template = parse.GetValue(template), Inputs = parse.GetValue(input) ?? [],
                Timeline = parse.GetValue(timeline), Seconds = parse.GetValue(seconds), Size = parse.GetValue(size),
                Model = parse.GetValue(model), Style = parse.GetValue(style), Theme = parse.GetValue(theme),
                Seed = parse.GetValue(seed), WebhookUrl = parse.GetValue(webhookUrl),
            };
            if (parse.GetValue(batch) is { } file)
            {
                if (request is not { Prompt: null, Template: null, Timeline: null, Inputs.Count: 0 })
                {
                    throw new UsageException("--batch takes the requests from its file: no --prompt, --template, --input or --timeline with it");
                }
                return await BatchAsync(api, request, file, parse.GetValue(output), ct);
            }
            var created = await api.CreateAsync(await request.BodyAsync(ct), ct);
            var id = created["id"]!.GetValue<string>();
            Console.WriteLine(id);
            if (!parse.GetValue(wait) && parse.GetValue(output) is null)
            {
                return 0;
            }
            var ended = (await VideosWait.FollowAsync(api, [id], ct))[0];
            return await VideosWait.FinishAsync(api, ended, parse.GetValue(output), ct);
        }));
        return command;
    }

    /// <summary>
    /// Submits every line, follows the accepted ones together, then prints one summary line per
    /// request and the totals. Exit 0 only if all completed; 3 if any failed; 1 if some were refused and none failed.
    /// </summary>
    private static async Task<int> BatchAsync(ApiClient api, CreateRequest defaults, FileInfo file, FileInfo? folder, CancellationToken ct)
    {
        var lines = await CreateRequest.ReadBatchAsync(file, ct);
        var outcomes = new string[lines.Count];
        var ids = new List<(int Index, string Id)>();
        for (var i = 0; i < lines.Count; i++)
        {
            try
            {
                var created = await api.CreateAsync(defaults.Defaults(lines[i].Body), ct);
                ids.Add((i, created["id"]!.GetValue<string>()));
            }
            catch (ApiException ex)
            {
                outcomes[i] = "-\trefused: " + ex.Message;
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"reelforge: {file.Name}:{lines[i].Line} refused: {ex.Message}"));
            }
        }
        var ended = await VideosWait.FollowAsync(api, ids.Select(x => x.Id).ToList(), ct, batch: true);
        var (completed, failed) = (0, 0);
        for (var k = 0; k < ids.Count; k++)
        {
            var video = ended[k];
            outcomes[ids[k].Index] = ids[k].Id + "\t" + VideosWait.Outcome(video);
            if (video["status"]?.GetValue<string>() != "completed")
            {
                failed++;
                continue;
            }
            completed++;
            if (folder is not null)
            {
                Directory.CreateDirectory(folder.FullName);
                await VideosCommand.DownloadAsync(api, ids[k].Id, "video", Path.Combine(folder.FullName, ids[k].Id + ".mp4"), ct);
            }
        }
        var refused = lines.Count - ids.Count;
        for (var i = 0; i < lines.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file.Name}:{lines[i].Line}\t{outcomes[i]}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{lines.Count} requests: {completed} completed, {failed} failed, {refused} refused"));
        return failed > 0 ? VideosCommand.VideoFailed : refused > 0 ? VideosCommand.ApiError : 0;
    }
}
