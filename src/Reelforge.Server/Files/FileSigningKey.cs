using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Engine;

namespace Reelforge.Server.Files;

/// <summary>
/// The key `/files/…` URLs are signed with, read once at start (<see cref="LoadAsync"/>):
/// `Files:SigningSecret` when set; else, with shared blobs (S3), a generated key kept in the bucket
/// (`secrets/files.key`), so every node signs and checks alike; else a generated key in this
/// machine's data folder (`secrets/files.key`).
/// </summary>
public sealed class FileSigningKey(IOptions<FilesOptions> options, DataPaths paths, IBlobStore blobs, TimeProvider time)
{
    public const string Name = "files.key";
    private byte[]? _key;

    public byte[] Bytes => _key ?? throw new InvalidOperationException("The file signing key is loaded at start, before requests are served.");

    public async Task LoadAsync(CancellationToken ct)
    {
        _key = options.Value.SigningSecret is { Length: > 0 } secret ? Encoding.UTF8.GetBytes(secret)
            : blobs.IsShared ? await SharedSecret.GetOrCreateAsync(blobs, Name, time, ct)
            : StoredKey(paths);
    }

    /// <summary>The generated key in the data folder, made on first start.</summary>
    private static byte[] StoredKey(DataPaths paths)
    {
        var file = Path.Combine(paths.Root, "secrets", Name);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temp = file + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            try
            {
                // Two processes starting at once: the first to arrive wins, both read its key.
                File.Move(temp, file, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temp);
            }
        }
        return Convert.FromBase64String(File.ReadAllText(file).Trim());
    }
}
