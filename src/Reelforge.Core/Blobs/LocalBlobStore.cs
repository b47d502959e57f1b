namespace Reelforge.Blobs;

/// <summary>Blobs as files under one folder. Keys are made by Reelforge, never by users.</summary>
public sealed class LocalBlobStore(string root) : IBlobStore
{
    public async Task PutFileAsync(string key, string localPath, CancellationToken ct)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(localPath, target, overwrite: true);
        }
        catch (IOException)
        {
            // Another file system: copy to a temp name beside the target, then move into place.
            var temp = target + ".tmp";
            await using (var source = File.OpenRead(localPath))
            await using (var destination = File.Create(temp))
            {
                await source.CopyToAsync(destination, ct);
            }
            File.Move(temp, target, overwrite: true);
        }
    }

    /// <summary>A hard link to the file: no bytes are copied (a copy across file systems).</summary>
    public Task PutCopyAsync(string key, string localPath, CancellationToken ct)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        HardLinks.LinkOrCopy(localPath, target);
        return Task.CompletedTask;
    }

    /// <summary>A hard link to the blob: no bytes are copied (a copy across file systems).</summary>
    public Task<bool> FetchToFileAsync(string key, string localPath, CancellationToken ct)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }
        HardLinks.LinkOrCopy(path, localPath);
        return Task.FromResult(true);
    }

    public async Task PutBytesAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes.ToArray(), ct);
        File.Move(temp, target, overwrite: true);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous)
            : null;
        return Task.FromResult(stream);
    }

    public Task<string?> GetLocalFileAsync(string key, string scratchDirectory, CancellationToken ct)
    {
        var path = PathOf(key);
        return Task.FromResult(File.Exists(path) ? path : null);
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var dir = PathOf(prefix.TrimEnd('/'));
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<(string JobId, DateTimeOffset LastWritten)> ListJobsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var jobs = Path.Combine(root, "jobs");
        if (!Directory.Exists(jobs))
        {
            yield break;
        }
        foreach (var dir in Directory.EnumerateDirectories(jobs))
        {
            ct.ThrowIfCancellationRequested();
            DateTime last;
            try
            {
                last = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                    .Select(File.GetLastWriteTimeUtc).Append(Directory.GetLastWriteTimeUtc(dir)).Max();
            }
            catch (DirectoryNotFoundException)
            {
                continue; // deleted while listed
            }
            yield return (Path.GetFileName(dir), new DateTimeOffset(last, TimeSpan.Zero));
        }
        await Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        var full = Path.GetFullPath(Path.Combine(root, key));
        if (!full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob key '{key}' leaves the blob folder.", nameof(key));
        }
        return full;
    }
}
