using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Reelforge.Accounts;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;
using Reelforge.Webhooks;

namespace Reelforge.Server.Webhooks;

/// <summary>
/// Account webhook endpoints, at `/v1/webhook_endpoints` (where OpenAI's SDK sends
/// `client.webhooks.create/list/retrieve/update/delete/rotateSecret`) and the same at
/// `/v1/webhooks`; plus the delivery log and the signing secret of videos' own webhook URLs.
/// </summary>
public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/v1/webhooks").WithMetadata(OpenAiErrorShape.Instance, ApiKeyHeader.AuthorizationBearer)
            .RequireScope(Scopes.WebhooksManage);
        // Literal segments before the {id} template.
        webhooks.MapGet("/deliveries", ListDeliveriesAsync).Returns<CursorList<DeliveryView>>().Errors(400);
        webhooks.MapGet("/signing_secret", (HttpContext http, IWebhookStore store, CancellationToken ct) => SigningSecretAsync(http, store, false, ct))
            .Returns<SigningSecretView>().Errors();
        webhooks.MapPost("/signing_secret", (HttpContext http, IWebhookStore store, CancellationToken ct) => SigningSecretAsync(http, store, true, ct))
            .Returns<SigningSecretView>().Errors();
        MapEndpoints(webhooks);
        MapEndpoints(app.MapGroup("/v1/webhook_endpoints").WithMetadata(OpenAiErrorShape.Instance, ApiKeyHeader.AuthorizationBearer)
            .RequireScope(Scopes.WebhooksManage));
        return app;
    }

    private static void MapEndpoints(RouteGroupBuilder group)
    {
        group.MapPost("", CreateAsync).Returns<WebhookEndpointView>().Errors(400, 415);
        group.MapGet("", ListAsync).Returns<CursorList<WebhookEndpointView>>().Errors(400);
        group.MapGet("/{id}", GetAsync).Returns<WebhookEndpointView>().Errors(404);
        group.MapPost("/{id}", UpdateAsync).Returns<WebhookEndpointView>().Errors(400, 404, 415);
        group.MapDelete("/{id}", DeleteAsync).Returns<WebhookEndpointDeleted>().Errors(404);
        group.MapPost("/{id}/rotate_secret", RotateAsync).Returns<WebhookEndpointView>().Errors(404);
    }

    public static async Task<IResult> CreateAsync(HttpContext http, IWebhookStore store, IOptions<WebhooksOptions> options, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var url = WebhookTargets.Check(form.String("url"), "url", options.Value);
        var endpoint = await store.CreateEndpointAsync(new NewWebhookEndpoint(Caller.AccountId(http),
            Name(form) ?? new Uri(url).Host, url, EventTypes(form) ?? WebhookEventTypes.Default), ct);
        return Results.Json(WebhookEndpointView.From(endpoint, withSecret: true), WebhooksJson.Wire.WebhookEndpointView);
    }

    public static async Task<IResult> ListAsync(HttpContext http, IWebhookStore store, string? after, string? limit, CancellationToken ct)
    {
        var (items, hasMore) = await store.ListEndpointsAsync(Caller.AccountId(http), NullIfEmpty(after), Paging.Limit(limit), ct);
        var data = items.Select(e => WebhookEndpointView.From(e)).ToList();
        return Results.Json(CursorList.Of(data, e => e.Id, hasMore), WebhooksJson.Wire.CursorListWebhookEndpointView);
    }

    public static async Task<IResult> GetAsync(string id, HttpContext http, IWebhookStore store, CancellationToken ct) =>
        Results.Json(WebhookEndpointView.From(await store.GetEndpointAsync(id, Caller.AccountId(http), ct) ?? throw NotFound(id)),
            WebhooksJson.Wire.WebhookEndpointView);

    public static async Task<IResult> UpdateAsync(string id, HttpContext http, IWebhookStore store, IOptions<WebhooksOptions> options, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var url = form.Fields.ContainsKey("url") ? WebhookTargets.Check(form.String("url"), "url", options.Value) : null;
        var endpoint = await store.UpdateEndpointAsync(id, Caller.AccountId(http), new WebhookEndpointChange(Name(form), url, EventTypes(form)), ct)
            ?? throw NotFound(id);
        return Results.Json(WebhookEndpointView.From(endpoint), WebhooksJson.Wire.WebhookEndpointView);
    }

    public static async Task<IResult> DeleteAsync(string id, HttpContext http, IWebhookStore store, CancellationToken ct) =>
        await store.DeleteEndpointAsync(id, Caller.AccountId(http), ct)
            ? Results.Json(new WebhookEndpointDeleted(id, true), WebhooksJson.Wire.WebhookEndpointDeleted)
            : throw NotFound(id);

    /// <summary>A new secret, returned once; with `keep_old_secret_active_for_24_hours` the old one signs beside it for a day.</summary>
    public static async Task<IResult> RotateAsync(string id, HttpContext http, IWebhookStore store, TimeProvider time, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var keepOld = form.Fields["keep_old_secret_active_for_24_hours"] is JsonValue v && (v.TryGetValue<bool>(out var b) ? b : v.ToString() == "true");
        var endpoint = await store.RotateSecretAsync(id, Caller.AccountId(http), keepOld ? time.GetUtcNow().AddHours(24) : null, ct) ?? throw NotFound(id);
        return Results.Json(WebhookEndpointView.From(endpoint, withSecret: true), WebhooksJson.Wire.WebhookEndpointView);
    }

    public static async Task<IResult> ListDeliveriesAsync(HttpContext http, IWebhookStore store, string? video_id, string? after, string? limit, CancellationToken ct)
    {
        var page = await store.ListDeliveriesAsync(Caller.AccountId(http), NullIfEmpty(video_id), NullIfEmpty(after), Paging.Limit(limit), ct);
        var data = page.Items.Select(DeliveryView.From).ToList();
        return Results.Json(CursorList.Of(data, d => d.Id, page.HasMore), WebhooksJson.Wire.CursorListDeliveryView);
    }

    private static async Task<IResult> SigningSecretAsync(HttpContext http, IWebhookStore store, bool rotate, CancellationToken ct) =>
        Results.Json(new SigningSecretView(await store.AccountSecretAsync(Caller.AccountId(http), rotate, ct)), WebhooksJson.Wire.SigningSecretView);

    private static string? Name(RequestForm form) => form.String("name") is { } name
        ? name.Length <= 200 ? name : throw new ApiErrorException(ApiError.Invalid("name", "'name' may be at most 200 characters."))
        : null;

    private static IReadOnlyList<string>? EventTypes(RequestForm form)
    {
        if (!form.Fields.ContainsKey("event_types"))
        {
            return null;
        }
        var types = form.Fields["event_types"] is JsonArray array ? array.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).ToList() : null;
        if (types is null || types.Count == 0 || types.Any(t => t is null || !WebhookEventTypes.All.Contains(t, StringComparer.Ordinal)))
        {
            throw new ApiErrorException(ApiError.Invalid("event_types",
                $"'event_types' must be a non-empty list drawn from {string.Join(", ", WebhookEventTypes.All)}."));
        }
        return types.Distinct(StringComparer.Ordinal).ToList()!;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static ApiErrorException NotFound(string id) => new(new ApiError(404, "not_found", $"Webhook endpoint '{id}' not found."));
}
