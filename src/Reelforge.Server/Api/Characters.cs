using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Reelforge.Blobs;
using Reelforge.Rendering.Assets;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>
/// A character: a named reference clip or image of an account, kept in the blob store under
/// `characters/<account>/` (no table: it is written once and read by id or name). A clip is
/// checked by ffprobe and its first frame kept as the character's picture; a prompt that says
/// `@name` opens with that picture, as `input_reference` would.
/// </summary>
public sealed partial class Characters(IBlobStore blobs, Ffprobe probe, FfmpegRunner ffmpeg, Engine.DataPaths paths)
{
    public const int MaxNameLength = 64;

    public async Task<CharacterObject> CreateAsync(string accountId, string? name, IFormFile? upload, VideosOptions options, TimeProvider time, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new ApiErrorException(ApiError.Missing("name"));
        }
        if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
        {
            throw new ApiErrorException(ApiError.Invalid("name", $"'name' must be 1 to {MaxNameLength} letters, digits, '_' or '-' (it is how a prompt calls it: @name)."));
        }
        if (upload is null)
        {
            throw new ApiErrorException(ApiError.Missing("video"));
        }
        if (upload.Length > options.MaxUploadBytes)
        {
            throw new ApiErrorException(ApiError.TooLarge("video", options.MaxUploadBytes));
        }
        var id = "char_" + Guid.NewGuid().ToString("N");
        var prefix = Prefix(accountId) + id + "/";
        var scratch = Directory.CreateDirectory(Path.Combine(paths.Root, "work", id)).FullName;
        try
        {
            var source = Path.Combine(scratch, "upload");
            await using (var file = File.Create(source))
            {
                await upload.CopyToAsync(file, ct);
            }
            var head = new byte[16];
            await using (var read = File.OpenRead(source))
            {
                await read.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            }
            string kind, pictureKey;
            // A still image is decoded whole (as input_reference is); anything else goes to ffprobe.
            if (ImageCheck.IsImage(source) && ImageCheck.ExtensionOf(await File.ReadAllBytesAsync(source, ct)) is { } imageExtension)
            {
                kind = "image";
                pictureKey = prefix + "picture" + imageExtension;
                await blobs.PutFileAsync(pictureKey, source, ct);
            }
            else
            {
                // Anything else must be a clip ffprobe can read, with a picture in it.
                MediaInfo info;
                try
                {
                    info = await probe.ProbeAsync(source, ct);
                }
                catch (FfmpegException)
                {
                    info = new MediaInfo(0, 0, 0, 0, false, false, null, null);
                }
                if (!info.HasVideo || info.Width <= 0)
                {
                    throw new ApiErrorException(ApiError.Invalid("video", "'video' must be a video clip (MP4, MOV, WebM) or a JPEG, PNG or WebP image."));
                }
                kind = "video";
                var still = Path.Combine(scratch, "picture.png");
                await ffmpeg.RunAsync(["-i", source, "-frames:v", "1", "-an", still], 0.04, Path.Combine(scratch, "ffmpeg.log"), null, ct);
                pictureKey = prefix + "picture.png";
                await blobs.PutFileAsync(prefix + "clip" + ClipExtension(head), source, ct);
                await blobs.PutFileAsync(pictureKey, still, ct);
            }
            var character = new CharacterObject(id, name, time.GetUtcNow().ToUnixTimeSeconds(), kind);
            await blobs.PutBytesAsync(prefix + "character.json", JsonSerializer.SerializeToUtf8Bytes(new StoredCharacter(character, pictureKey), CharacterJson.Default.StoredCharacter), ct);
            // The newest character of a name answers to it.
            await blobs.PutBytesAsync(NameKey(accountId, name), System.Text.Encoding.UTF8.GetBytes(id), ct);
            return character;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    public async Task<StoredCharacter?> GetAsync(string accountId, string id, CancellationToken ct)
    {
        if (!IdPattern().IsMatch(id))
        {
            return null;
        }
        await using var stream = await blobs.OpenReadAsync(Prefix(accountId) + id + "/character.json", ct);
        return stream is null ? null : await JsonSerializer.DeserializeAsync(stream, CharacterJson.Default.StoredCharacter, ct);
    }

    public async Task<StoredCharacter?> FindByNameAsync(string accountId, string name, CancellationToken ct)
    {
        await using var stream = await blobs.OpenReadAsync(NameKey(accountId, name), ct);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return await GetAsync(accountId, (await reader.ReadToEndAsync(ct)).Trim(), ct);
    }

    /// <summary>
    /// The characters a prompt calls by `@name`, in order of first mention; an `@word` that is no
    /// character's name stays plain text.
    /// </summary>
    public async Task<IReadOnlyList<StoredCharacter>> MentionedAsync(string accountId, string prompt, CancellationToken ct)
    {
        var found = new List<StoredCharacter>();
        foreach (var name in MentionPattern().Matches(prompt).Select(m => m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await FindByNameAsync(accountId, name, ct) is { } character && found.All(c => c.Character.Id != character.Character.Id))
            {
                found.Add(character);
            }
        }
        return found;
    }

    /// <summary>Copies the character's picture into the job's own files, so deleting either leaves the other whole.</summary>
    public async Task<string> CopyPictureAsync(StoredCharacter character, string jobId, CancellationToken ct)
    {
        await using var picture = await blobs.OpenReadAsync(character.PictureKey, ct)
            ?? throw new ApiErrorException(new ApiError(404, "not_found", $"The picture of character '{character.Character.Id}' is no longer stored."));
        using var buffer = new MemoryStream();
        await picture.CopyToAsync(buffer, ct);
        var key = BlobKeys.Output(jobId, "input" + Path.GetExtension(character.PictureKey));
        await blobs.PutBytesAsync(key, buffer.ToArray(), ct);
        return key;
    }

    private static string Prefix(string accountId) => $"characters/{accountId}/";

    private static string NameKey(string accountId, string name) => $"{Prefix(accountId)}names/{name.ToLowerInvariant()}";

    private static string ClipExtension(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3 ? ".webm" : ".mp4";

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^char_[0-9a-f]{32}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"(?<![\w@])@([A-Za-z0-9_-]{1,64})")]
    private static partial Regex MentionPattern();
}

/// <summary>OpenAI's character (`{id, created_at, name}`) plus Reelforge's `object` and `kind` (`video` or `image`).</summary>
public sealed record CharacterObject(string Id, string Name, long CreatedAt, string Kind)
{
    public string Object => "character";
}

/// <summary>A character as kept: with where its picture is (never sent).</summary>
public sealed record StoredCharacter(CharacterObject Character, string PictureKey);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StoredCharacter))]
internal sealed partial class CharacterJson : JsonSerializerContext;
