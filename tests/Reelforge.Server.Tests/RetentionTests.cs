using System.Net;

namespace Reelforge.Server.Tests;

public sealed class RetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterTheRetentionPeriod_FilesAreDeleted_AndTheVideoIsMarkedExpired()
    {
        var data = Path.Combine(Path.GetTempPath(), "rf-retention-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Two seconds of retention; the sweeper then runs every second.
            await using var app = await ServerFixture.StartAsync(data, new Dictionary<string, string?>
            {
                ["Auth:DevelopmentKey"] = "rf_retention_key",
                ["Files:RetentionDays"] = (2.0 / 86_400).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            using var client = new HttpClient { BaseAddress = ServerFixture.AddressOf(app) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", "rf_retention_key");
            var video = await client.CreateAndWaitAsync(new { prompt = "Short-lived.", seconds = "1", size = "160x90" });
            var id = video["id"]!.GetValue<string>();
            var fileUrl = video["urls"]!["video"]!.GetValue<string>();
            Assert.Equal(video["completed_at"]!.GetValue<long>() + 2, video["expires_at"]!.GetValue<long>());
            Assert.True(Directory.Exists(Path.Combine(data, "blobs", "jobs", id)));

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await (await client.GetAsync($"v1/videos/{id}", Ct)).JsonAsync())["urls"] is not null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the video did not expire");
                await Task.Delay(200, Ct);
            }

            Assert.False(Directory.Exists(Path.Combine(data, "blobs", "jobs", id)));
            var content = await client.GetAsync($"v1/videos/{id}/content", Ct);
            Assert.Equal(HttpStatusCode.Gone, content.StatusCode);
            Assert.Equal("video_expired", (await content.JsonAsync())["error"]!["code"]!.GetValue<string>());
            using var anonymous = new HttpClient();
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(fileUrl, Ct)).StatusCode);
            var listed = await (await client.GetAsync("v1/videos", Ct)).JsonAsync();
            Assert.Equal("completed", Assert.Single(listed["data"]!.AsArray())!["status"]!.GetValue<string>());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
