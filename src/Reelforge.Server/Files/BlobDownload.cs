using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Reelforge.Blobs;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Files;

/// <summary>
/// Streams a blob to the client from whichever store holds it: the whole blob (200) or one byte
/// range (206 with `Content-Range`; 416 with `Content-Range: bytes */length` when the range starts
/// past the end). Only the bytes asked for are read from the store. A Range header that does not
/// parse, names several ranges or fails its `If-Range` gets the whole blob, as RFC 9110 allows.
/// </summary>
public static class BlobDownload
{
    public static async Task<IResult> ServeAsync(HttpContext http, IBlobStore blobs, string key, string contentType, string? downloadName, ApiError missing,
        CancellationToken ct)
    {
        var info = await blobs.GetInfoAsync(key, ct) ?? throw new ApiErrorException(missing);
        var response = http.Response;
        response.Headers.AcceptRanges = "bytes";
        var lastModified = new DateTimeOffset(info.LastModified.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        response.Headers.LastModified = HeaderUtilities.FormatDate(lastModified);
        if (downloadName is not null)
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(downloadName);
            response.Headers.ContentDisposition = disposition.ToString();
        }
        var range = Requested(http.Request, lastModified, info.Length);
        if (range is { Satisfiable: false })
        {
            response.Headers.ContentRange = "bytes */" + info.Length.ToString(CultureInfo.InvariantCulture);
            return Results.StatusCode(StatusCodes.Status416RangeNotSatisfiable);
        }
        var (offset, length) = range is { } r ? (r.From, r.To - r.From + 1) : (0L, info.Length);
        var stream = range is null ? await blobs.OpenReadAsync(key, ct) : await blobs.OpenRangeAsync(key, offset, length, ct);
        if (stream is null)
        {
            throw new ApiErrorException(missing); // deleted between the two calls
        }
        return new BlobStreamResult(stream, contentType, length, range is null ? null
            : string.Create(CultureInfo.InvariantCulture, $"bytes {offset}-{offset + length - 1}/{info.Length}"));
    }

    private readonly record struct ByteRange(long From, long To, bool Satisfiable);

    private static ByteRange? Requested(HttpRequest request, DateTimeOffset lastModified, long length)
    {
        var header = request.Headers.Range.ToString();
        if (header.Length == 0 || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !RangeHeaderValue.TryParse(header, out var parsed) || !string.Equals(parsed.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
            || parsed.Ranges.Count != 1)
        {
            return null;
        }
        if (request.Headers.IfRange.ToString() is { Length: > 0 } ifRange
            && !(HeaderUtilities.TryParseDate(ifRange, out var since) && since >= lastModified))
        {
            return null;
        }
        var item = parsed.Ranges.Single();
        if (item.From is { } from)
        {
            return from >= length ? new ByteRange(0, 0, false) : new ByteRange(from, Math.Min(item.To ?? long.MaxValue, length - 1), true);
        }
        // A suffix: the last N bytes.
        var suffix = item.To ?? 0;
        return suffix <= 0 || length == 0 ? new ByteRange(0, 0, false) : new ByteRange(Math.Max(0, length - suffix), length - 1, true);
    }

    private sealed class BlobStreamResult(Stream stream, string contentType, long length, string? contentRange) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            await using (stream)
            {
                var response = http.Response;
                response.StatusCode = contentRange is null ? StatusCodes.Status200OK : StatusCodes.Status206PartialContent;
                response.ContentType = contentType;
                response.ContentLength = length;
                if (contentRange is not null)
                {
                    response.Headers.ContentRange = contentRange;
                }
                if (!HttpMethods.IsHead(http.Request.Method))
                {
                    await stream.CopyToAsync(response.Body, 64 * 1024, http.RequestAborted);
                }
            }
        }
    }
}
