using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Reelforge.Accounts;

namespace Reelforge.Server.Tests;

/// <summary>
/// Seeded random bodies, built from every field name the APIs know and values of every JSON kind,
/// at every create route: each must get a 4xx, never a 5xx. The account has no credits, so a body
/// that passes validation is refused with 402 and nothing renders.
/// </summary>
public sealed class GarbageInputTests(ServerFixture server)
{
    private static readonly string[] Fields =
    [
        "prompt", "model", "seconds", "size", "input_reference", "input_image", "timeline", "template", "inputs", "style", "seed",
        "webhook_url", "url", "event_types", "name", "credits", "account", "scopes", "aspectRatio", "duration", "firstFrameImageUrl",
        "extendVideoUrl", "referenceImageUrls", "webhook", "templateId", "render", "isDraft", "variables", "video", "webhookUrl",
    ];

    private static readonly Func<Random, JsonNode?>[] Values =
    [
        _ => null, _ => true, _ => 1e308, _ => -1, _ => 0, _ => "", _ => new string('x', 6000), _ => new JsonArray(),
        _ => new JsonObject(), _ => new JsonArray(1, "a", null), _ => "http://127.0.0.1:1/x", _ => "data:image/png;base64,AAAA",
        _ => "#zzzzzz", _ => 1.5, _ => "{{quote}}", _ => "A fine prompt. Two scenes.",
        r => new JsonObject
        {
            ["format"] = r.Next(2) == 0 ? "landscape" : 5,
            ["colors"] = new JsonArray("#000000", "#ffffff"),
            ["sequences"] = new JsonArray(new JsonObject { ["order"] = 0, ["duration"] = r.Next(-1, 9), ["type"] = "image", ["data"] = new JsonObject { ["url"] = "x" } }),
        },
    ];

    [Fact]
    public async Task RandomBodies_NeverGetA5xx()
    {
        var accounts = (IAccountStore)server.Services.GetService(typeof(IAccountStore))!;
        var account = await accounts.EnsureAccountAsync("garbage-" + Guid.NewGuid().ToString("N")[..8], CancellationToken.None);
        await accounts.SetCreditsAsync(account.Id, 0, add: false, CancellationToken.None);
        var key = ApiKeys.Generate();
        await accounts.AddKeyAsync(account.Id, key, [Scopes.VideosRead, Scopes.VideosWrite, Scopes.TemplatesRead, Scopes.WebhooksManage], CancellationToken.None);

        var routes = new (string Path, string Header, string Value)[]
        {
            ("v1/videos", "Authorization", "Bearer " + key),
            ("v1/webhook_endpoints", "Authorization", "Bearer " + key),
            ("v1/admin/accounts", "Authorization", "Bearer " + ServerFixture.DevKey),
            ("v1/admin/keys", "Authorization", "Bearer " + ServerFixture.DevKey),
            ("compat/poe/v1/videos", "Authorization", "Bearer " + key),
            ("compat/pictory/pictoryapis/v1/aistudio/videos", "Authorization", key),
            ("compat/blotato/v2/videos/from-templates", "blotato-api-key", key),
            ("compat/prism/api/templates/quote-card/generate", "Authorization", "Bearer " + key),
            ("compat/iacrea/api/video-editor/generate/video", "x-api-key", key),
        };
        var random = new Random(7);
        using var client = server.Client(null);
        var failures = new List<string>();
        foreach (var (path, header, value) in routes)
        {
            var bodies = Enumerable.Range(0, 40).Select(_ =>
            {
                var body = new JsonObject();
                foreach (var field in Fields.OrderBy(_ => random.Next()).Take(random.Next(0, 7)))
                {
                    body[field] = Values[random.Next(Values.Length)](random);
                }
                return body.ToJsonString();
            }).Concat(["", "{", "[]", "null", "\"x\"", """{"video":[]}"""]);
            foreach (var body in bodies)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation(header, value);
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} {path} {body[..Math.Min(body.Length, 200)]}");
                }
            }
        }
        Assert.Empty(failures);
    }
}
