using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Memory;
using Reelforge.Accounts;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Admin;

/// <summary>
/// Accounts, credits and keys for operators, at `/v1/admin` (scope `admin`): what `reelforge keys`
/// does, over HTTP. A new key is shown once, in the answer that made it.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").WithMetadata(OpenAiErrorShape.Instance, ApiKeyHeader.AuthorizationBearer).RequireScope(Scopes.Admin)
            .Errors(400, 404, 415);
        admin.MapGet("/accounts", async (IAccountStore accounts, CancellationToken ct) =>
            Json(new JsonObject { ["object"] = "list", ["data"] = new JsonArray((await accounts.ListAccountsAsync(ct)).Select(a => (JsonNode)View(a)).ToArray()) }));
        admin.MapPost("/accounts", CreateAccountAsync);
        admin.MapPost("/accounts/{id}/credits", CreditsAsync);
        admin.MapGet("/keys", ListKeysAsync);
        admin.MapPost("/keys", CreateKeyAsync);
        admin.MapDelete("/keys/{id}", RevokeAsync);
        return app;
    }

    /// <summary>`{"name", "credits"?}`: makes the account (or finds it by name); `credits` sets its balance.</summary>
    public static async Task<IResult> CreateAccountAsync(HttpContext http, IAccountStore accounts, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var name = form.String("name") is { Length: > 0 and <= 100 } n ? n : throw new ApiErrorException(ApiError.Invalid("name", "'name' must be 1 to 100 characters."));
        var account = await accounts.EnsureAccountAsync(name, ct);
        if (form.Fields["credits"] is not null)
        {
            account = (await accounts.SetCreditsAsync(account.Id, Amount(form, "credits"), add: false, ct))!;
        }
        return Json(View(account));
    }

    /// <summary>`{"add": n}` adds to the balance (a negative n takes away); `{"set": n | null}` sets it (null: unlimited).</summary>
    public static async Task<IResult> CreditsAsync(string id, HttpContext http, IAccountStore accounts, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var add = form.Fields.ContainsKey("add");
        if (add == form.Fields.ContainsKey("set"))
        {
            throw new ApiErrorException(ApiError.Invalid("add", "Give exactly one of 'add' (a number) or 'set' (a number, or null for unlimited)."));
        }
        var amount = add ? Amount(form, "add") ?? throw new ApiErrorException(ApiError.Invalid("add", "'add' must be a number.")) : Amount(form, "set");
        return Json(View(await accounts.SetCreditsAsync(id, amount, add, ct) ?? throw NotFound("Account", id)));
    }

    public static async Task<IResult> ListKeysAsync(string? account, IAccountStore accounts, CancellationToken ct) =>
        Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray((await accounts.ListKeysAsync(string.IsNullOrEmpty(account) ? null : account, ct)).Select(k => (JsonNode)View(k)).ToArray()),
        });

    /// <summary>`{"account": id or name, "scopes": [...]}`: the answer carries the key, once.</summary>
    public static async Task<IResult> CreateKeyAsync(HttpContext http, IAccountStore accounts, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var owner = form.String("account") is { } a ? await accounts.GetAccountAsync(a, ct) ?? throw NotFound("Account", a) : throw new ApiErrorException(ApiError.Missing("account"));
        var scopes = (form.Fields["scopes"] as JsonArray)?.Select(s => s?.ToString() ?? "").ToList()
            ?? [Scopes.VideosWrite, Scopes.VideosRead, Scopes.TemplatesRead];
        if (scopes.Count == 0 || scopes.Except(Scopes.All, StringComparer.Ordinal).Any())
        {
            throw new ApiErrorException(ApiError.Invalid("scopes", $"'scopes' must be a list drawn from {string.Join(", ", Scopes.All)}."));
        }
        var key = ApiKeys.Generate();
        var record = await accounts.AddKeyAsync(owner.Id, key, scopes, ct);
        var view = View(record);
        view["key"] = key;
        return Json(view);
    }

    public static async Task<IResult> RevokeAsync(string id, IAccountStore accounts, IMemoryCache cache, CancellationToken ct)
    {
        var hash = await accounts.RevokeKeyAsync(id, ct) ?? throw NotFound("Live key", id);
        // This server stops accepting it at once; others within their 30 s key cache.
        cache.Remove(hash);
        return Json(new JsonObject { ["id"] = id, ["object"] = "api_key.revoked", ["revoked"] = true });
    }

    private static decimal? Amount(RequestForm form, string field) => form.Fields[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.TryGetValue<decimal>(out var d) && Math.Abs(d) <= 1_000_000_000 => d,
        _ => throw new ApiErrorException(ApiError.Invalid(field, $"'{field}' must be a number (or null).")),
    };

    private static JsonObject View(Account a) => new()
    {
        ["id"] = a.Id, ["object"] = "account", ["name"] = a.Name, ["created_at"] = a.CreatedAt.ToUnixTimeSeconds(), ["credits"] = a.Credits,
    };

    private static JsonObject View(ApiKeyRecord k) => new()
    {
        ["id"] = k.Id, ["object"] = "api_key", ["account_id"] = k.AccountId, ["display"] = k.Display,
        ["scopes"] = new JsonArray(k.Scopes.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
        ["created_at"] = k.CreatedAt.ToUnixTimeSeconds(), ["last_used_at"] = k.LastUsedAt?.ToUnixTimeSeconds(), ["revoked_at"] = k.RevokedAt?.ToUnixTimeSeconds(),
    };

    private static IResult Json(JsonObject body) => Results.Json(body, ServerJson.Wire.JsonObject);

    private static ApiErrorException NotFound(string what, string id) => new(new ApiError(404, "not_found", $"{what} '{id}' not found."));
}
