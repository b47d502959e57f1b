using Microsoft.Extensions.Options;

namespace Reelforge.Server.Tests.S3;

/// <summary>Blob settings that cannot work stop the start with the setting's name, and never print a secret.</summary>
public sealed class BlobSettingsTests
{
    [Theory]
    [InlineData("Blobs:Provider", "ftp", "Blobs:Provider")]
    [InlineData("Files:Delivery", "bounce", "Files:Delivery")]
    [InlineData("Blobs:S3:Bucket", "", "Blobs:S3")]
    public async Task ASettingThatCannotWork_StopsTheStart_NamingIt(string key, string value, string named)
    {
        var secret = "never-printed-" + Guid.NewGuid().ToString("N");
        var settings = new Dictionary<string, string?>
        {
            ["Blobs:Provider"] = "s3",
            ["Blobs:S3:Bucket"] = "videos",
            ["Blobs:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["Blobs:S3:AccessKey"] = "key",
            ["Blobs:S3:SecretKey"] = secret,
            [key] = value,
        };
        var data = Path.Combine(Path.GetTempPath(), "rf-blob-settings-" + Guid.NewGuid().ToString("N"));
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => ServerFixture.StartAsync(data, settings));

            Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
            Assert.Contains(named, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
