using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Jobs;
using Reelforge.Server.Api;
using Reelforge.Server.Files;
using Reelforge.Webhooks;

namespace Reelforge.Server.Compat;

/// <summary>A dialect's status body: the job in the service's words, its URLs signed on <c>baseUrl</c>.</summary>
public delegate JsonObject StatusBody(Job job, FileUrls urls, string baseUrl);

/// <summary>
/// A dialect's webhook: the same body as its status GET, written when the delivery is first sent.
/// URLs in it are built on <see cref="FileUrls.BaseUrl"/> without a request.
/// </summary>
public sealed class StatusBodyWebhook(string dialect, StatusBody body, IJobStore store, FileUrls urls) : IWebhookBody
{
    public string Dialect => dialect;

    public static IServiceCollection Add(IServiceCollection services, string dialect, StatusBody body) =>
        services.AddSingleton<IWebhookBody>(sp => new StatusBodyWebhook(dialect, body, sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<FileUrls>()));

    public async Task<string?> RenderAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var job = await store.GetAsync(delivery.JobId, delivery.AccountId, ct);
        return job is null ? null : body(job, urls, urls.BaseUrl(null)).ToJsonString(ServerJson.Wire.Options);
    }
}

/// <summary>Timestamps as the ISO-speaking services write them: UTC, milliseconds, `Z`.</summary>
public static class IsoTime
{
    public static string Of(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
