using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Limits;

/// <summary>The `RateLimits` configuration section: requests a key may make a minute. 0 turns a limit off.</summary>
public sealed record RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Reads (status polls, lists, downloads, events): 500 a minute, as Poe documents.</summary>
    [Range(0, int.MaxValue)] public int ReadsPerMinute { get; init; } = 500;
    /// <summary>Writes (creates, remixes, deletes, webhook changes).</summary>
    [Range(0, int.MaxValue)] public int CreatesPerMinute { get; init; } = 60;
}

/// <summary>
/// Per-key rate limits with ASP.NET Core's rate limiter: a fixed one-minute window for reads and
/// another for writes, per API key. A refused request gets 429 in its dialect's error shape with
/// `retry-after` (seconds) and `retry-after-ms`, which the OpenAI SDKs obey.
/// </summary>
public static class RateLimits
{
    /// <summary>Whether any limit is on; with both off the limiter is left out of the pipeline.</summary>
    public static bool Enabled(IConfiguration configuration) => Read(configuration) is { ReadsPerMinute: > 0 } or { CreatesPerMinute: > 0 };

    private static RateLimitOptions Read(IConfiguration configuration) =>
        configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();

    public static IServiceCollection AddReelforgeRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Read(configuration);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (bool Writes, string Key)>(http =>
            {
                var key = http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
                var writes = HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method) || HttpMethods.IsPut(http.Request.Method);
                var perMinute = writes ? options.CreatesPerMinute : options.ReadsPerMinute;
                // Unauthenticated requests are refused by authorization; they spend nobody's allowance.
                return key is null || perMinute == 0
                    ? RateLimitPartition.GetNoLimiter((false, ""))
                    : RateLimitPartition.GetFixedWindowLimiter((writes, key), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
                    });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var headers = context.HttpContext.Response.Headers;
                headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                headers["retry-after-ms"] = Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
                await ErrorShapes.WriteAsync(context.HttpContext, new ApiError(429, "rate_limit_exceeded",
                    $"Too many requests for this API key; try again in {Math.Ceiling(wait.TotalSeconds)} s."));
            };
        });
    }
}
