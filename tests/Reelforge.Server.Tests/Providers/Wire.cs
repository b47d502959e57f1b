using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Reelforge.Server.Tests.Providers;

/// <summary>
/// Answers in each provider's documented shape (trimmed to the fields a client reads, plus a few
/// it must ignore): OpenAI's chat completion, image and speech answers, Pexels' video and photo
/// search results, Pixabay's hits.
/// </summary>
public static class Wire
{
    public static IResult Chat(string content) => Results.Json(new
    {
        id = "chatcmpl-1", @object = "chat.completion", created = 1_700_000_000, model = "llama3",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 50, completion_tokens = 80, total_tokens = 130 },
    });

    public static string Scenes(params (string Text, string Narration, string Visual)[] scenes) =>
        JsonSerializer.Serialize(new { scenes = scenes.Select(s => new { text = s.Text, narration = s.Narration, visual = s.Visual }) });

    public static IResult PexelsVideos(Uri fake, params string[] files) => Results.Json(new
    {
        page = 1, per_page = 5, total_results = files.Length, url = "https://www.pexels.com/videos/",
        videos = files.Select((file, i) => new
        {
            id = 1000 + i, width = 1920, height = 1080, duration = 2, url = $"https://www.pexels.com/video/clip-{1000 + i}/",
            image = new Uri(fake, "/files/photo.jpg").ToString(),
            user = new { id = 7, name = "Ana Keeper", url = "https://www.pexels.com/@ana" },
            video_files = new object[]
            {
                new { id = 1, quality = "hd", file_type = "video/mp4", width = 1920, height = 1080, fps = 25.0, link = new Uri(fake, "/files/missing-big.mp4").ToString() },
                new { id = 2, quality = "sd", file_type = "video/mp4", width = 320, height = 180, fps = 25.0, link = new Uri(fake, "/files/" + file).ToString() },
            },
            video_pictures = Array.Empty<object>(),
        }),
    });

    public static IResult PexelsPhotos(Uri fake, params string[] files) => Results.Json(new
    {
        page = 1, per_page = 5, total_results = files.Length,
        photos = files.Select((file, i) => new
        {
            id = 2000 + i, width = 320, height = 180, url = $"https://www.pexels.com/photo/photo-{2000 + i}/",
            photographer = "Ben Shore", photographer_url = "https://www.pexels.com/@ben", avg_color = "#28B43C",
            src = new
            {
                original = new Uri(fake, "/files/" + file).ToString(), large2x = new Uri(fake, "/files/" + file).ToString(),
                large = new Uri(fake, "/files/" + file).ToString(), medium = new Uri(fake, "/files/" + file).ToString(),
                portrait = new Uri(fake, "/files/" + file).ToString(), landscape = new Uri(fake, "/files/" + file).ToString(),
            },
            alt = "a photo",
        }),
    });

    public static IResult PixabayVideos(Uri fake, params string[] files) => Results.Json(new
    {
        total = files.Length, totalHits = files.Length,
        hits = files.Select((file, i) => new
        {
            id = 3000 + i, pageURL = $"https://pixabay.com/videos/id-{3000 + i}/", type = "film", tags = "sea, waves", duration = 2,
            videos = new
            {
                large = new { url = new Uri(fake, "/files/missing-big.mp4").ToString(), width = 1920, height = 1080, size = 9_000_000, thumbnail = "" },
                small = new { url = new Uri(fake, "/files/" + file).ToString(), width = 320, height = 180, size = 40_000, thumbnail = "" },
            },
            user = "cara_sea", user_id = 9,
        }),
    });

    public static IResult PixabayImages(Uri fake, params string[] files) => Results.Json(new
    {
        total = files.Length, totalHits = files.Length,
        hits = files.Select((file, i) => new
        {
            id = 4000 + i, pageURL = $"https://pixabay.com/photos/id-{4000 + i}/", type = "photo", tags = "sea, waves",
            previewURL = new Uri(fake, "/files/" + file).ToString(), webformatURL = new Uri(fake, "/files/" + file).ToString(),
            largeImageURL = new Uri(fake, "/files/" + file).ToString(), imageWidth = 320, imageHeight = 180, user = "cara_sea", user_id = 9,
        }),
    });

    public static IResult Image(byte[] png) => Results.Json(new { created = 1_700_000_000, data = new[] { new { b64_json = Convert.ToBase64String(png) } } });

    public static IResult Status(int status, string? retryAfter = null) => new StatusWith(status, retryAfter);

    private sealed class StatusWith(int status, string? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                http.Response.Headers.RetryAfter = retryAfter;
            }
            return http.Response.WriteAsync("{\"error\":{\"message\":\"fake\"}}");
        }
    }
}
