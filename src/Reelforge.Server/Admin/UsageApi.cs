using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Admin;

/// <summary>`GET /v1/usage?days=30`: the caller's account, per UTC day: jobs by outcome, seconds rendered, credits charged.</summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/usage", UsageAsync).WithMetadata(OpenAiErrorShape.Instance, ApiKeyHeader.AuthorizationBearer).RequireScope(Scopes.VideosRead)
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json").Errors(400);
        return app;
    }

    public static async Task<IResult> UsageAsync(string? days, HttpContext http, IJobStore store, IAccountStore accounts, TimeProvider time, CancellationToken ct)
    {
        var span = 30;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out span) || span is < 1 or > 366))
        {
            throw new ApiErrorException(ApiError.Invalid("days", "'days' must be a whole number from 1 to 366."));
        }
        var accountId = Caller.AccountId(http);
        var since = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(1 - span);
        var rows = await store.UsageAsync(accountId, since, ct);
        var data = new JsonArray(rows.Select(day => (JsonNode)new JsonObject
        {
            ["date"] = day.Day,
            ["seconds_rendered"] = Math.Round(day.SecondsRendered, 3),
            ["jobs"] = new JsonObject { ["completed"] = day.Completed, ["failed"] = day.Failed, ["cancelled"] = day.Cancelled },
            ["credits"] = Credits.FromMilli(day.Credits),
        }).ToArray());
        return Results.Json(new JsonObject
        {
            ["object"] = "usage",
            ["days"] = span,
            ["credits_available"] = (await accounts.GetAccountAsync(accountId, ct))?.Credits,
            ["data"] = data,
        }, ServerJson.Wire.JsonObject);
    }
}
