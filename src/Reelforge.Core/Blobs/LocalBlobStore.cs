using System.Runtime.CompilerServices;

namespace Reelforge.Blobs;

/// <summary>Blobs as files under one folder: this machine's alone. Keys are made by Reelforge, never by users.</summary>
public sealed class LocalBlobStore(string root) : IBlobStore
{
    public bool IsShared => false;

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
            File.Delete(localPath);
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
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(bytes, ct);
        }
        File.Move(temp, target, overwrite: true);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct) => Task.FromResult<Stream?>(Open(key));

    public Task<Stream?> OpenRangeAsync(string key, long offset, long length, CancellationToken ct)
    {
        var stream = Open(key);
        stream?.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream?>(stream is null ? null : new LimitedStream(stream, length));
    }

    public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken ct)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new BlobInfo(file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)) : null);
    }

    /// <summary>A folder has no URLs of its own: files are served through `/files/…`.</summary>
    public Task<Uri?> GetDownloadUrlAsync(string key, DateTimeOffset expires, string contentType, CancellationToken ct) => Task.FromResult<Uri?>(null);

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

    public async IAsyncEnumerable<BlobEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        // Only the folder the prefix names can hold its keys; the rest of the prefix filters names.
        var slash = prefix.LastIndexOf('/');
        var dir = slash < 0 ? Path.GetFullPath(root) : PathOf(prefix[..slash]);
        if (!Directory.Exists(dir))
        {
            yield break;
        }
        var rootPath = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        var entries = new List<BlobEntry>();
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var key = file[rootPath.Length..].Replace(Path.DirectorySeparatorChar, '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue; // a write still in progress is not a blob yet
            }
            var info = new FileInfo(file);
            if (info.Exists)
            {
                entries.Add(new BlobEntry(key, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)));
            }
        }
        foreach (var entry in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<(string JobId, DateTimeOffset LastWritten)> ListJobsAsync([EnumeratorCancellation] CancellationToken ct)
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

    private FileStream? Open(string key)
    {
        var path = PathOf(key);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
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
