using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reelforge.Cli;

/// <summary>A mistake in the command line itself: exit 2, nothing sent.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The `POST /v1/videos` body the create options describe (docs/dialects/openai.md, "Create fields").</summary>
internal sealed record CreateRequest
{
    public string? Prompt { get; init; }
    public string? Template { get; init; }
    public IReadOnlyList<string> Inputs { get; init; } = [];
    public FileInfo? Timeline { get; init; }
    public int? Seconds { get; init; }
    public string? Size { get; init; }
    public string? Model { get; init; }
    public string? Style { get; init; }
    public string? Theme { get; init; }
    public int? Seed { get; init; }
    public string? WebhookUrl { get; init; }

    /// <summary>The body for a single create: exactly one of prompt, template or timeline.</summary>
    public async Task<JsonObject> BodyAsync(CancellationToken ct)
    {
        var sources = new[] { Prompt is not null, Template is not null, Timeline is not null }.Count(x => x);
        if (sources != 1)
        {
            throw new UsageException("give one of --prompt, --template or --timeline (or --batch)");
        }
        if (Inputs.Count > 0 && Template is null)
        {
            throw new UsageException("--input goes with --template");
        }
        var body = new JsonObject();
        if (Prompt is not null)
        {
            body["prompt"] = Prompt;
        }
        if (Template is not null)
        {
            body["template"] = Template;
            body["inputs"] = ParseInputs(Inputs);
        }
        if (Timeline is not null)
        {
            body["timeline"] = await ReadJsonAsync(Timeline, ct);
        }
        return Defaults(body);
    }

    /// <summary>Adds the options given on the command line to fields the body does not set (a batch line's own fields win).</summary>
    public JsonObject Defaults(JsonObject body)
    {
        void Set(string name, JsonNode? value)
        {
            if (value is not null && !body.ContainsKey(name))
            {
                body[name] = value;
            }
        }
        Set("seconds", Seconds);
        Set("size", Size);
        Set("model", Model);
        Set("style", Style);
        Set("theme", Theme);
        Set("seed", Seed);
        Set("webhook_url", WebhookUrl);
        return body;
    }

    /// <summary>`key=value` is a string; `key:=json` is any JSON value (a list of images, a number).</summary>
    public static JsonObject ParseInputs(IEnumerable<string> inputs)
    {
        var result = new JsonObject();
        foreach (var input in inputs)
        {
            var equals = input.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--input '{input}': expected key=value or key:=json");
            }
            if (input[equals - 1] == ':')
            {
                var key = input[..(equals - 1)];
                try
                {
                    result[key] = JsonNode.Parse(input[(equals + 1)..]);
                }
                catch (JsonException ex)
                {
                    throw new UsageException($"--input {key}: not JSON: {ex.Message}");
                }
            }
            else
            {
                result[input[..equals]] = input[(equals + 1)..];
            }
        }
        return result;
    }

    public static async Task<JsonNode> ReadJsonAsync(FileInfo file, CancellationToken ct)
    {
        try
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(file.FullName, ct)) ?? throw new JsonException("null");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{file.Name}: {ex.Message}");
        }
    }

    /// <summary>One request body a line; blank lines and lines starting with `#` are skipped.</summary>
    public static async Task<List<(int Line, JsonObject Body)>> ReadBatchAsync(FileInfo file, CancellationToken ct)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(file.FullName, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{file.Name}: {ex.Message}");
        }
        var bodies = new List<(int, JsonObject)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() is { Length: 0 } or ['#', ..])
            {
                continue;
            }
            try
            {
                bodies.Add((i + 1, JsonNode.Parse(lines[i]) as JsonObject ?? throw new JsonException("not a JSON object")));
            }
            catch (JsonException ex)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{file.Name}:{i + 1}: {ex.Message}"));
            }
        }
        return bodies.Count > 0 ? bodies : throw new UsageException($"{file.Name}: no request in it");
    }
}
