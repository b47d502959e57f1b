using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reelforge.Server.Tests.Compat;

/// <summary>
/// The example bodies of the services' own status documents (shared/seeds), verbatim, and a check
/// that a Reelforge body has the same field names, value types and nesting.
/// </summary>
public static class SeedExamples
{
    // pictory-get-job.md, "Response Examples".
    public const string PictoryInProgress = """{"job_id":"4a09edf9-d071-4847-bda5-8dea913d80fe","success":true,"data":{"status":"in-progress"}}""";
    public const string PictoryCompleted = """
        {"job_id":"4a09edf9-d071-4847-bda5-8dea913d80fe","success":true,"data":{"duration":"8s",
         "thumbnailImageUrl":"https://example.cloudfront.net/videos/user/a1b2c3d4-e5f6-7890-abcd-ef1234567890/d7c6b5a4-e3f2-1098-dcba-fedcba987654_thumbnail.jpg",
         "lastFrameImageUrl":"https://example.cloudfront.net/videos/user/a1b2c3d4-e5f6-7890-abcd-ef1234567890/d7c6b5a4-e3f2-1098-dcba-fedcba987654_last_frame.png",
         "previewImageUrl":"https://example.cloudfront.net/videos/user/a1b2c3d4-e5f6-7890-abcd-ef1234567890/d7c6b5a4-e3f2-1098-dcba-fedcba987654_preview.jpg",
         "width":720,"aiCreditsUsed":12.8,"height":1280,
         "url":"https://example.cloudfront.net/videos/user/a1b2c3d4-e5f6-7890-abcd-ef1234567890/d7c6b5a4-e3f2-1098-dcba-fedcba987654.mp4","status":"completed"}}
        """;
    public const string PictoryFailed = """
        {"job_id":"4a09edf9-d071-4847-bda5-8dea913d80fe","success":false,"data":{"status":"failed","error_code":"5001","error_message":"Video generation failed due to an internal error."}}
        """;
    public const string PictoryNotFound = """{"id":"4a09edf9-d071-4847-bda5-8dea913d80fe","success":false,"data":{"error_code":"5000","error_message":"JOB_NOT_FOUND"}}""";
    public const string PictoryUnauthorized = """{"message":"Unauthorized"}""";

    // blotato-get-visual-status.md.
    public const string BlotatoDone = """
        {"item":{"id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","status":"done","createdAt":"2025-03-10T15:30:00Z",
         "mediaUrl":"https://database.blotato.io/user_1/media/video.mp4",
         "imageUrls":["https://database.blotato.io/user_1/media/slide1.jpg","https://database.blotato.io/user_1/media/slide2.jpg"]}}
        """;
    public const string BlotatoInProgress = """
        {"item":{"id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","status":"generating-media","createdAt":"2025-03-10T15:30:00Z","mediaUrl":null,"imageUrls":null}}
        """;
    public const string BlotatoFailed = """
        {"item":{"id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","status":"creation-from-template-failed","createdAt":"2025-03-10T15:30:00Z","mediaUrl":null,"imageUrls":null}}
        """;
    public const string BlotatoNotFound = """{"statusCode":404,"message":"Not found"}""";

    // prism-get-generation.txt.
    public const string PrismGenerating = """
        {"id":"gen_abc123","status":"generating","template_id":"abc123","video_url":null,"created_at":"2026-02-26T12:00:00.000Z","completed_at":null,"error":null}
        """;
    public const string PrismCompleted = """
        {"id":"gen_abc123","status":"completed","template_id":"abc123","video_url":"https://presigned-s3-url...","created_at":"2026-02-26T12:00:00.000Z","completed_at":"2026-02-26T12:02:30.000Z","error":null}
        """;
    public const string PrismFailed = """
        {"id":"gen_abc123","status":"failed","template_id":"abc123","video_url":null,"created_at":"2026-02-26T12:00:00.000Z","completed_at":null,"error":"Generation timed out"}
        """;

    /// <summary>
    /// Same keys at every level, same JSON kinds, lists compared item by item against the example's
    /// first. <paramref name="mayBeNull"/> names fields that may be null where the example has a value
    /// (the seeds' own other examples show them null).
    /// </summary>
    public static void AssertSameShape(string example, JsonNode? actual, params string[] mayBeNull) =>
        Compare(JsonNode.Parse(example), actual, "$", mayBeNull);

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, string[] mayBeNull)
    {
        var (want, got) = (Kind(expected), Kind(actual));
        if (got == JsonValueKind.Null && mayBeNull.Contains(path[(path.LastIndexOf('.') + 1)..], StringComparer.Ordinal))
        {
            return;
        }
        Assert.True(want == got, $"{path}: the seed has {want}, Reelforge sent {got}");
        if (expected is JsonObject e)
        {
            var a = actual!.AsObject();
            Assert.True(e.Select(p => p.Key).Order(StringComparer.Ordinal).SequenceEqual(a.Select(p => p.Key).Order(StringComparer.Ordinal)),
                $"{path}: the seed has fields [{string.Join(", ", e.Select(p => p.Key))}], Reelforge sent [{string.Join(", ", a.Select(p => p.Key))}]");
            foreach (var (key, value) in e)
            {
                Compare(value, a[key], path + "." + key, mayBeNull);
            }
        }
        else if (expected is JsonArray { Count: > 0 } list)
        {
            foreach (var item in actual!.AsArray())
            {
                Compare(list[0], item, path + "[]", mayBeNull);
            }
        }
    }

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null => JsonValueKind.Null,
        JsonValueKind.False => JsonValueKind.True, // one kind: boolean
        var k => k!.Value,
    };
}

public sealed class SeedExamplesTests
{
    [Fact]
    public void TheShapeCheck_CatchesAMissingField_AWrongType_AndAnUnallowedNull()
    {
        SeedExamples.AssertSameShape(SeedExamples.PrismFailed, JsonNode.Parse(SeedExamples.PrismFailed));
        Assert.ThrowsAny<Exception>(() => SeedExamples.AssertSameShape(SeedExamples.PrismFailed,
            JsonNode.Parse("""{"id":"g","status":"failed","template_id":"t","video_url":null,"created_at":"x","completed_at":null}""")));
        Assert.ThrowsAny<Exception>(() => SeedExamples.AssertSameShape(SeedExamples.PictoryCompleted,
            JsonNode.Parse(SeedExamples.PictoryCompleted.Replace("\"8s\"", "8", StringComparison.Ordinal))));
        Assert.ThrowsAny<Exception>(() => SeedExamples.AssertSameShape(SeedExamples.BlotatoDone,
            JsonNode.Parse(SeedExamples.BlotatoDone.Replace("\"https://database.blotato.io/user_1/media/video.mp4\"", "null", StringComparison.Ordinal))));
    }
}
