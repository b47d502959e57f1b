using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Reelforge.Storage.S3.Tests;

/// <summary>
/// A real s3rver (tests/s3, from npm) on a free loopback port over a temp folder: started once per
/// test assembly, killed at the end. Each test makes its own bucket or prefix.
/// </summary>
public sealed partial class S3rver : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    private readonly Process _process;
    private readonly string _directory;

    private S3rver(Process process, string directory, Uri serviceUrl)
    {
        _process = process;
        _directory = directory;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    public static async Task<S3rver> StartAsync()
    {
        var script = Path.Combine(RepoRoot(), "tests", "s3", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run `npm ci` in tests/s3 (scripts/test.sh does).");
        }
        var directory = Directory.CreateTempSubdirectory("rf-s3rver-").FullName;
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // s3rver signs its ListObjectsV2 continuation tokens with DES, which Node's OpenSSL 3 only has in its legacy provider.
        foreach (var arg in (string[])["--openssl-legacy-provider", script, "-d", directory, "-a", "127.0.0.1", "-p", "0", "--no-vhost-buckets"])
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        // s3rver logs every request: keep draining both pipes, or it blocks once they fill.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && Listening().Match(line) is { Success: true } m)
            {
                listening.TrySetResult(new Uri($"http://{m.Groups[1].Value}:{m.Groups[2].Value}"));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("s3rver exited before listening"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3rver(process, directory, await listening.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        // Listening is not answering: wait for a real S3 call to succeed.
        using var client = server.Client();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await client.ListBucketsAsync();
                return server;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public AmazonS3Client Client() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>A new, empty bucket with a name no other test uses.</summary>
    public async Task<string> NewBucketAsync()
    {
        var name = "rf-" + Guid.NewGuid().ToString("N")[..20];
        using var client = Client();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>The `Blobs:*` settings of a Reelforge on <paramref name="bucket"/>.</summary>
    public Dictionary<string, string?> Settings(string bucket, string prefix = "") => new()
    {
        ["Blobs:Provider"] = "s3",
        ["Blobs:S3:ServiceUrl"] = ServiceUrl.ToString(),
        ["Blobs:S3:Bucket"] = bucket,
        ["Blobs:S3:Region"] = "us-east-1",
        ["Blobs:S3:AccessKey"] = AccessKey,
        ["Blobs:S3:SecretKey"] = SecretKey,
        ["Blobs:S3:ForcePathStyle"] = "true",
        ["Blobs:S3:Prefix"] = prefix,
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reelforge.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Reelforge.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"S3rver listening on ([0-9.]+):(\d+)")]
    private static partial Regex Listening();
}

/// <summary>One s3rver for the test assembly.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public S3rver Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await S3rver.StartAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
