using Microsoft.Extensions.DependencyInjection;
using Reelforge.Jobs;
using Reelforge.Server.Api;
using Reelforge.Server.Files;
using Reelforge.Webhooks;

namespace Reelforge.Server.Compat;

/// <summary>
/// A dialect's webhook: the same body as its status GET, written when the delivery is first sent.
/// URLs in it are built on <see cref="FileUrls.BaseUrl"/> without a request.
/// </summary>
public sealed class StatusBodyWebhook(string dialect, StatusBody body, IServiceProvider services) : IWebhookBody
{
    public string Dialect => dialect;

    public async Task<string?> RenderAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var job = await services.GetRequiredService<IJobStore>().GetAsync(delivery.JobId, delivery.AccountId, ct);
        if (job is null)
        {
            return null;
        }
        var json = await body(job, services.GetRequiredService<FileUrls>().BaseUrl(null), services, ct);
        return json.ToJsonString(ServerJson.Wire.Options);
    }
}

/// <summary>Timestamps as the ISO-speaking services write them: UTC, milliseconds, `Z`.</summary>
public static class IsoTime
{
    public static string Of(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
