using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Reelforge.Server.Tests;

/// <summary>`/openapi/v1.json` lists every native route and describes what the server really sends; `/docs` needs no CDN.</summary>
public sealed class ApiDocsTests(ServerFixture server)
{
    private async Task<JsonObject> DocumentAsync()
    {
        var response = await server.Client(key: null).GetAsync("openapi/v1.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task OpenApi_IsVersion31_AndListsEveryNativeRouteWithItsMethod_AndNoDialect()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();
        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(m => ("/" + e.RoutePattern.RawText!.Trim('/'), m.ToLowerInvariant())))
            .ToList();
        Assert.True(routes.Count >= 25, $"only {routes.Count} native routes found");
        foreach (var (path, method) in routes)
        {
            Assert.True(paths[path]?[method] is JsonObject, $"{method.ToUpperInvariant()} {path} is not in /openapi/v1.json");
        }
        Assert.Contains(paths, p => p.Key == "/v1/videos/edits");
        Assert.DoesNotContain(paths, p => p.Key.StartsWith("/compat", StringComparison.Ordinal));
        // Every operation documents its errors in OpenAI's envelope.
        foreach (var (path, item) in paths)
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.True(operation!["responses"]?["401"] is JsonObject, $"{method} {path} does not document 401");
            }
        }
    }

    [Fact]
    public async Task OpenApi_VideoSchema_DescribesARealVideo_AndErrorSchemaARealError()
    {
        var document = await DocumentAsync();
        var client = server.Client();
        var video = await client.CreateAndWaitAsync(new { prompt = "Described by the schema.", seconds = 1, size = "160x90" });
        Assert.Equal("completed", video["status"]!.GetValue<string>());

        var create = document["paths"]!["/v1/videos"]!["post"]!;
        var schema = Resolve(document, create["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
        AssertDescribes(document, schema, video, "Video");
        Assert.NotNull(Resolve(document, create["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!)["properties"]!["input_reference"]);

        var missing = await client.GetAsync("v1/videos/video_missing");
        var error = await missing.JsonAsync();
        var errorSchema = Resolve(document, document["paths"]!["/v1/videos/{id}"]!["get"]!["responses"]!["404"]!["content"]!["application/json"]!["schema"]!);
        AssertDescribes(document, errorSchema, error, "error");
        Assert.Contains("not_found", document["paths"]!["/v1/videos/{id}"]!["get"]!["responses"]!["404"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_ServesScalarFromThePackage_WithNothingFromACdn()
    {
        var client = server.Client(key: null);
        var html = await client.GetStringAsync("docs/");
        Assert.Contains("\"openapi/v1.json\"", html, StringComparison.Ordinal);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.DoesNotContain(scripts, s => s.StartsWith("http", StringComparison.OrdinalIgnoreCase) || s.StartsWith("//", StringComparison.Ordinal));
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);
        var sizes = new List<int>();
        foreach (var script in scripts)
        {
            var response = await client.GetAsync(new Uri(new Uri(server.BaseAddress, "docs/"), script));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            sizes.Add((await response.Content.ReadAsByteArrayAsync()).Length);
        }
        // The reference itself (several MB) comes from the package, not only a loader.
        Assert.Contains(sizes, size => size > 1_000_000);
    }

    private static JsonObject Resolve(JsonObject document, JsonNode schema)
    {
        if (schema["$ref"] is { } reference)
        {
            return document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!.AsObject();
        }
        // `oneOf: [null, $ref]` for a nullable object.
        if (schema["oneOf"] is JsonArray options && options.FirstOrDefault(o => o?["$ref"] is not null) is { } one)
        {
            return Resolve(document, one);
        }
        return schema.AsObject();
    }

    /// <summary>Every property of <paramref name="value"/> is in the schema with a matching type, and every property of the schema is sent.</summary>
    private static void AssertDescribes(JsonObject document, JsonObject schema, JsonObject value, string where)
    {
        var properties = schema["properties"]!.AsObject();
        Assert.Equal(properties.Select(p => p.Key).Order(), value.Select(p => p.Key).Order());
        foreach (var (name, node) in value)
        {
            var property = properties[name]!;
            var types = TypesOf(document, property);
            var actual = node switch
            {
                null => "null",
                JsonObject => "object",
                JsonArray => "array",
                JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => "string",
                JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
                JsonValue v when v.ToJsonString().Contains('.', StringComparison.Ordinal) => "number",
                _ => "integer",
            };
            Assert.True(types.Contains(actual) || (actual == "integer" && types.Contains("number")),
                $"{where}.{name} is {actual} but the schema says {string.Join("|", types)}");
            if (node is JsonObject child && property is JsonObject)
            {
                AssertDescribes(document, Resolve(document, property), child, $"{where}.{name}");
            }
        }
    }

    private static HashSet<string> TypesOf(JsonObject document, JsonNode property)
    {
        var types = new HashSet<string>();
        if (property["$ref"] is not null)
        {
            types.Add("object");
        }
        switch (property["type"])
        {
            case JsonArray many: types.UnionWith(many.Select(t => t!.GetValue<string>())); break;
            case JsonValue one: types.Add(one.GetValue<string>()); break;
        }
        if (property["oneOf"] is JsonArray options)
        {
            foreach (var option in options)
            {
                types.UnionWith(TypesOf(document, option!));
            }
        }
        if (types.Count == 0 && Resolve(document, property)["properties"] is not null)
        {
            types.Add("object");
        }
        return types;
    }
}
