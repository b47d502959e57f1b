using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Jobs;
using Reelforge.Server.Files;
using Reelforge.Webhooks;

namespace Reelforge.Server.Compat;

/// <summary>
/// A dialect's webhook: the same body as its status GET, written when the delivery is first sent.
/// URLs in it are built on `Files:PublicBaseUrl`, else on the address this server listens on.
/// </summary>
public abstract class StatusBodyWebhook(IJobStore store, IServer server, IOptions<FilesOptions> files) : IWebhookBody
{
    public abstract string Dialect { get; }

    public async Task<string?> RenderAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var job = await store.GetAsync(delivery.JobId, delivery.AccountId, ct);
        return job is null ? null : Render(job, BaseUrl());
    }

    protected abstract string Render(Job job, string baseUrl);

    private string BaseUrl() => files.Value.PublicBaseUrl is { Length: > 0 } configured
        ? configured.TrimEnd('/')
        : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "http://localhost";
}
