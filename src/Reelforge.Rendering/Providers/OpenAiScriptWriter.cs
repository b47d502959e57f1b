using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Reelforge.Providers;

namespace Reelforge.Rendering.Providers;

/// <summary>
/// Writes a topic into scenes with any OpenAI-compatible `POST {BaseUrl}/chat/completions`
/// (OpenAI, Ollama, llama.cpp, vLLM, LocalAI). The plan is asked for with `response_format`
/// `json_schema`; plain JSON, also inside a ```json fence, is read too, since not every server
/// enforces the schema. A malformed answer gets one repair request; a second one gives up (the
/// built-in planner is used instead).
/// </summary>
public sealed partial class OpenAiScriptWriter : IScriptWriter, ITemplateInputWriter, IDisposable
{
    private readonly ProviderHttp _http;
    private readonly ScriptOptions _options;

    public OpenAiScriptWriter(IOptions<ScriptOptions> options, IOptions<ProviderCallOptions> calls, TimeProvider time)
    {
        _options = options.Value;
        _http = new ProviderHttp("script", _options.BaseUrl, _options.TimeoutSeconds, calls.Value, time);
    }

    public string Name => "script provider " + _options.Model;

    public async Task<ScriptResult> WriteAsync(ScriptRequest request, CancellationToken ct)
    {
        var messages = new JsonArray
        {
            new JsonObject { ["role"] = "system", ["content"] = SystemPrompt },
            new JsonObject { ["role"] = "user", ["content"] = UserPrompt(request) },
        };
        var answer = await AskAsync(messages, ct);
        var (scenes, problem) = ScriptJson.Read(answer);
        if (scenes is not null)
        {
            return new ScriptResult(scenes, "first answer");
        }
        // One repair request: its own answer, what was wrong, and the shape again.
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = answer ?? "" });
        messages.Add(new JsonObject
        {
            ["role"] = "user",
            ["content"] = $"That answer could not be used ({problem}). Reply again with only a JSON object of the form "
                + "{\"scenes\":[{\"text\":\"…\",\"narration\":\"…\",\"visual\":\"…\"}]} and nothing else.",
        });
        var repaired = await AskAsync(messages, ct);
        (scenes, var second) = ScriptJson.Read(repaired);
        return scenes is not null
            ? new ScriptResult(scenes, $"after one repair request: the first answer {problem}")
            : new ScriptResult(null, $"malformed answer twice: {problem}; then {second}");
    }

    private async Task<string?> AskAsync(JsonArray messages, CancellationToken ct, string schemaName = "scene_plan", JsonObject? schema = null)
    {
        var body = new JsonObject
        {
            ["model"] = _options.Model,
            ["messages"] = messages.DeepClone(),
            ["temperature"] = 0.7,
            ["response_format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject { ["name"] = schemaName, ["strict"] = true, ["schema"] = schema ?? ScriptJson.Schema() },
            },
        };
        var answer = await _http.JsonAsync(() => ProviderHttp.Bearer(
            new HttpRequestMessage(HttpMethod.Post, _http.Url("chat/completions")) { Content = JsonContent.Create(body) }, _options.ApiKey), ct);
        return answer["choices"] is JsonArray { Count: > 0 } choices && choices[0]?["message"]?["content"] is JsonValue content
            && content.TryGetValue<string>(out var text) ? text : null;
    }

    private const string SystemPrompt =
        "You write short social videos. Split the topic into scenes. For each scene give: `text`, the words shown on screen "
        + "(a headline of at most 8 words; a list may be written \"Heading: a, b and c\"); `narration`, one or two spoken sentences; "
        + "`visual`, 2 to 4 plain English search words for a stock photo or clip that shows the scene (concrete things, no abstractions). "
        + "The first scene is a hook; the last may be a call to action. Answer with JSON only.";

    private static string UserPrompt(ScriptRequest r)
    {
        var story = r.Style == "story";
        // About 2.5 spoken words a second (espeak's 175 a minute is 2.9).
        var scenes = story ? "3 to 6" : Math.Clamp((int)Math.Round(r.Seconds / 3), 1, 8).ToString(CultureInfo.InvariantCulture);
        var length = story ? "about 20 to 40 seconds of narration in all" : $"{r.Seconds.ToString("0", CultureInfo.InvariantCulture)} seconds in all";
        return $"Topic: {r.Topic}\nWrite {scenes} scenes, {length}, for a {(r.Height > r.Width ? "vertical 9:16" : r.Width > r.Height ? "horizontal 16:9" : "square")} video.";
    }

    public void Dispose() => _http.Dispose();
}
