using System.Diagnostics;
using System.Globalization;

namespace Reelforge.Server.Tests;

internal static class Mp4Decoding
{
    /// <summary>ffprobe decodes every frame of <paramref name="mp4"/> without an error and counts <paramref name="frames"/>.</summary>
    public static async Task AssertDecodesAsync(byte[] mp4, int frames, string what)
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), $"rf-decode-{Guid.NewGuid():N}.mp4");
        try
        {
            await File.WriteAllBytesAsync(path, mp4, ct);
            var probe = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path])
            {
                probe.ArgumentList.Add(arg);
            }
            using var process = Process.Start(probe)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            Assert.True(process.ExitCode == 0 && (await errors).Length == 0, $"{what} does not decode: {await errors}");
            Assert.Equal(frames.ToString(CultureInfo.InvariantCulture), (await output).Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
