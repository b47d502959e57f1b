using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Hosting;

/// <summary>
/// Admits at most <c>Videos:MaxLargeBodiesInFlight</c> requests with a body over 1 MiB (or of
/// unknown length: chunked) at once. The rest wait up to <c>Videos:LargeBodyWaitSeconds</c> for a
/// slot, then get a 503 with Retry-After in the dialect's shape. Small bodies (every status read, most creates) are
/// never held. A large JSON body is held up to three times while it is read (UTF-8, UTF-16 string,
/// decoded image), so this is what bounds memory: eight 25 MB data URLs at once took 2 GB.
/// JSON bodies are also capped at one data URL's base64 plus 1 MiB (11.7 MB by default).
/// Runs after authentication, so a caller without a key never takes a slot.
/// </summary>
internal sealed class LargeBodyGate(int slots, TimeSpan wait, long maxJsonBytes)
{
    public const long LargeBytes = 1024 * 1024;
    private readonly SemaphoreSlim _slots = new(slots, slots);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.HasJsonContentType())
        {
            // A JSON body is parsed whole; beyond one data URL's worth it is refused before reading.
            if (request.ContentLength > maxJsonBytes)
            {
                throw new ApiErrorException(new ApiError(413, "payload_too_large", $"A JSON body is limited to {maxJsonBytes} bytes; send large images as multipart uploads."));
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = Math.Min(limit.MaxRequestBodySize ?? long.MaxValue, maxJsonBytes);
            }
        }
        var large = request.ContentLength is > LargeBytes || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!large)
        {
            await next(context);
            return;
        }
        if (!await _slots.WaitAsync(wait, context.RequestAborted))
        {
            context.Response.Headers.RetryAfter = "5";
            throw new ApiErrorException(new ApiError(503, "server_busy",
                "The server is reading other large request bodies; retry in a few seconds."));
        }
        try
        {
            await next(context);
        }
        finally
        {
            if (_slots.Release() == slots - 1)
            {
                // The last large body is done: give its memory back to the system now, rather than
                // keep the heap at its high-water mark while the server idles. Off the request path.
                _ = Task.Run(Rendering.IdleMemoryTrim.Trim);
            }
        }
    }
}
