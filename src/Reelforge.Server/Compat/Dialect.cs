using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Jobs;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Compat;

/// <summary>
/// A dialect's status body: the job in the service's words, its URLs signed on <paramref name="baseUrl"/>.
/// Async because a body may say more than the job holds (IACrea's account balance).
/// </summary>
public delegate Task<JsonObject> StatusBody(Job job, string baseUrl, IServiceProvider services, CancellationToken ct);

/// <summary>
/// One hosted service's dialect, everything the host knows of it: its wire name (stored on its
/// jobs as `jobs.dialect`, naming its webhook body and its metrics label), its prefix
/// (`/compat/&lt;name&gt;`), its key header, its error shape (also for unknown routes under the
/// prefix), its stage words, its webhook body and its routes. Each folder under `Compat/` holds one
/// subclass; <see cref="Dialects"/> finds them all, so adding a dialect touches only its folder.
/// </summary>
public abstract class Dialect
{
    /// <summary>The wire name: `/compat/{Name}`, `jobs.dialect`, the webhook body's key.</summary>
    public abstract string Name { get; }

    public string Prefix => "/compat/" + Name;

    /// <summary>The header its keys come in; any other is a 401 in its error shape.</summary>
    public abstract ApiKeyHeader KeyHeader { get; }

    public abstract IErrorShape Errors { get; }

    /// <summary>How it names a job's stage (docs/compat.md has all of them in one table).</summary>
    public abstract StageWords Words { get; }

    /// <summary>The body its own webhooks carry (the same as its status GET); null: it sends none of its own.</summary>
    public virtual StatusBody? WebhookBody => null;

    /// <summary>Anything else it needs from the container (its options, its defaults).</summary>
    public virtual void AddServices(IServiceCollection services)
    {
    }

    /// <summary>Its routes, on a group at <see cref="Prefix"/> that already carries its key header, error shape and identity.</summary>
    protected abstract void MapRoutes(RouteGroupBuilder dialect);

    /// <summary>What an unknown route under its prefix answers, in its error shape.</summary>
    protected virtual ApiError NotFound(HttpRequest request) => new(404, "not_found", "Not found");

    public string StatusOf(Job job) => Words.Of(job);

    internal void Map(IEndpointRouteBuilder app)
    {
        MapRoutes(app.MapGroup(Prefix).WithMetadata(Errors, KeyHeader, this));
        app.MapFallback(Prefix + "/{**rest}", (HttpContext http) => Errors.Render(NotFound(http.Request))).WithMetadata(Errors);
    }
}
