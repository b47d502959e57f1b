using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Reelforge.Server.Errors;
using Reelforge.Server.Hosting;

namespace Reelforge.Server.Api;

/// <summary>
/// A request body as one JSON object whichever way it came: JSON as sent, or multipart/form-data
/// with bracket keys folded back into objects (`input_reference[image_url]`, `video[id]`, `a[]`).
/// Uploaded files are kept aside by field name.
/// </summary>
public sealed class RequestForm
{
    private RequestForm(JsonObject fields, IReadOnlyDictionary<string, IFormFile> files)
    {
        Fields = fields;
        Files = files;
    }

    public JsonObject Fields { get; }
    public IReadOnlyDictionary<string, IFormFile> Files { get; }

    /// <summary>Duplicate keys are refused while parsing: the lazily built object would otherwise throw later, outside any catch.</summary>
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// The whole body in an array of its own, exactly its size when the length is given and within
    /// the body limit (LargeBodyGate sets it to the JSON cap and refuses a larger stated length).
    /// Parsing from the stream instead rents a buffer from the shared array pool that doubles past
    /// the body (16 or 32 MB for a data URL), and the pool keeps it after the request: an idle
    /// server held ~110 MB of them.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (request.ContentLength is { } length && length <= (limit ?? LargeBodyGate.LargeBytes))
        {
            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body, ct);
            return body;
        }
        // Chunked, or over the limit: Kestrel's body limit ends it (413) as it is read.
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    public static async Task<RequestForm> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasJsonContentType())
        {
            // JSON is UTF-8 (RFC 8259 section 8.1); a body in another charset would be misread.
            var charset = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.Charset : default;
            if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiErrorException(new ApiError(415, "unsupported_media_type", $"JSON must be sent as UTF-8, not charset={charset}."));
            }
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(await ReadBodyAsync(request, ct), documentOptions: JsonOptions);
                Materialize(node);
            }
            catch (JsonException ex)
            {
                throw new ApiErrorException(new ApiError(400, "invalid_json", $"The request body is not valid JSON: {ex.Message}"));
            }
            catch (InvalidOperationException ex)
            {
                // Invalid UTF-8 or a lone surrogate escape (\ud800), found only when the text is decoded.
                throw new ApiErrorException(new ApiError(400, "invalid_json", $"The request body is not valid JSON text: {ex.Message}"));
            }
            catch (IOException ex) when (ex is not BadHttpRequestException)
            {
                throw Unreadable(ex);
            }
            return node is JsonObject obj
                ? new RequestForm(obj, new Dictionary<string, IFormFile>())
                : throw new ApiErrorException(new ApiError(400, "invalid_json", "The request body must be a JSON object."));
        }
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (IOException ex) when (ex is not BadHttpRequestException)
            {
                // A multipart body cut short or not matching its boundary ("Unexpected end of Stream").
                throw Unreadable(ex);
            }
            var fields = new JsonObject();
            foreach (var (key, values) in form)
            {
                foreach (var value in values)
                {
                    Fold(fields, key, value ?? "");
                }
            }
            var files = new Dictionary<string, IFormFile>(StringComparer.Ordinal);
            foreach (var file in form.Files)
            {
                files[file.Name] = file;
            }
            return new RequestForm(fields, files);
        }
        if (request.ContentLength is null or 0 && string.IsNullOrEmpty(request.ContentType))
        {
            return new RequestForm(new JsonObject(), new Dictionary<string, IFormFile>());
        }
        throw new ApiErrorException(ApiError.UnsupportedMediaType(request.ContentType));
    }

    private static ApiErrorException Unreadable(IOException ex) =>
        new(new ApiError(400, "invalid_request", $"The request body could not be read: {ex.Message}"));

    /// <summary>
    /// Decodes every key and string now, inside the parse's catch: a JsonNode decodes lazily, so
    /// bad text would otherwise throw wherever a handler first touches it.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Materialize(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Materialize(child);
                }
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                _ = value.GetValue<string>();
                break;
        }
    }

    /// <summary>
    /// Folds `a[b][c]=v` into {"a":{"b":{"c":"v"}}} and `a[]=v` into {"a":["v"]}. A key used both as
    /// an object and as a list (`x[a]` and `x[]`) is a 400.
    /// </summary>
    internal static void Fold(JsonObject root, string key, string value)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || !key.EndsWith(']'))
        {
            root[key] = value;
            return;
        }
        var segments = new List<string> { key[..open] };
        segments.AddRange(key[(open + 1)..^1].Split("]["));
        JsonNode container = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            var nextIsArray = !last && segments[i + 1].Length == 0;
            if (container is JsonArray array)
            {
                array.Add(last ? JsonValue.Create(value) : nextIsArray ? new JsonArray() : new JsonObject());
                container = array[^1]!;
                continue;
            }
            var obj = (JsonObject)container;
            if (last)
            {
                if (obj[segments[i]] is JsonObject or JsonArray)
                {
                    throw Conflict(key);
                }
                obj[segments[i]] = value;
                continue;
            }
            var existing = obj[segments[i]];
            if (existing is JsonObject && nextIsArray || existing is JsonArray && !nextIsArray)
            {
                throw Conflict(key);
            }
            if (existing is not (JsonObject or JsonArray))
            {
                existing = nextIsArray ? new JsonArray() : new JsonObject();
                obj[segments[i]] = existing;
            }
            container = existing;
            if (nextIsArray)
            {
                i++;
                ((JsonArray)container).Add(JsonValue.Create(value));
                return;
            }
        }
    }

    private static ApiErrorException Conflict(string key) => new(new ApiError(400, "invalid_multipart",
        $"The form field '{key}' gives a value a different shape (a list, an object or text) than an earlier field with the same name.", key));

    public string? String(string name) => StringOf(Fields, name);

    /// <summary>A whole number sent as a number or as a string of digits (`4` or `"4"`).</summary>
    public int? Integer(string name) => IntegerOf(Fields, name);

    public static string? StringOf(JsonObject obj, string name) => obj[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => throw new ApiErrorException(ApiError.Invalid(name, $"'{name}' must be a string.")),
    };

    public static int? IntegerOf(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null || (node is JsonValue nv && nv.GetValueKind() == JsonValueKind.Null))
        {
            return null;
        }
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n))
            {
                return n;
            }
            if (v.GetValueKind() == JsonValueKind.String
                && int.TryParse(v.GetValue<string>().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }
        throw new ApiErrorException(ApiError.Invalid(name, $"'{name}' must be a whole number."));
    }
}
