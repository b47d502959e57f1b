using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Jobs;
using Reelforge.Server.Api;
using Reelforge.Server.Files;
using Reelforge.Webhooks;

namespace Reelforge.Server.Compat;

/// <summary>A dialect's status body: the job in the service's words, its URLs signed on <c>baseUrl</c>.</summary>
public delegate JsonObject StatusBody(Job job, FileUrls urls, string baseUrl);

/// <summary>
/// A dialect's webhook: the same body as its status GET, written when the delivery is first sent.
/// URLs in it are built on `Files:PublicBaseUrl`, else on the address this server listens on.
/// </summary>
public sealed class StatusBodyWebhook(string dialect, StatusBody body, IJobStore store, FileUrls urls, IServer server, IOptions<FilesOptions> files)
    : IWebhookBody
{
    public string Dialect => dialect;

    public static IServiceCollection Add(IServiceCollection services, string dialect, StatusBody body) =>
        services.AddSingleton<IWebhookBody>(sp => new StatusBodyWebhook(dialect, body, sp.GetRequiredService<IJobStore>(),
            sp.GetRequiredService<FileUrls>(), sp.GetRequiredService<IServer>(), sp.GetRequiredService<IOptions<FilesOptions>>()));

    public async Task<string?> RenderAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var job = await store.GetAsync(delivery.JobId, delivery.AccountId, ct);
        return job is null ? null : body(job, urls, BaseUrl()).ToJsonString(ServerJson.Wire.Options);
    }

    private string BaseUrl() => files.Value.PublicBaseUrl is { Length: > 0 } configured
        ? configured.TrimEnd('/')
        : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "http://localhost";
}
