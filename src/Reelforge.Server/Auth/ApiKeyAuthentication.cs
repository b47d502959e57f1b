using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Accounts;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Auth;

/// <summary>
/// Where an endpoint's dialect carries the key: a header, and whether its value starts with
/// `Bearer `. Keys are accepted only there.
/// </summary>
public sealed record ApiKeyHeader(string Name, bool Bearer)
{
    public static readonly ApiKeyHeader AuthorizationBearer = new("Authorization", Bearer: true);
}

/// <summary>Endpoint metadata: the scope a caller's key must carry.</summary>
public sealed record RequiredScope(string Scope);

/// <summary>
/// Authenticates API keys by their SHA-256 hash. Lookups are cached for a short while, so a
/// status poll costs no database read for the key; a revoked key stops working within that time.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IAccountStore accounts, IMemoryCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AccountClaim = "reelforge:account";
    public const string ScopeClaim = "scope";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyHeader>() ?? ApiKeyHeader.AuthorizationBearer;
        var value = Request.Headers[header.Name].ToString();
        if (value.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (header.Bearer)
        {
            if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.Fail("Not a bearer token.");
            }
            value = value[7..].Trim();
        }
        var hash = ApiKeys.Hash(value);
        var key = await cache.GetOrCreateAsync(hash, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var found = await accounts.FindKeyAsync(hash, Context.RequestAborted);
            if (found is not null)
            {
                // Last use is kept to within the cache time: one write per key per 30 s, not per request.
                await accounts.TouchKeyAsync(found.Id, Context.RequestAborted);
            }
            return found;
        });
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }
        var claims = new List<Claim> { new(AccountClaim, key.AccountId), new(ClaimTypes.NameIdentifier, key.Id) };
        claims.AddRange(key.Scopes.Select(s => new Claim(ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ErrorShapes.WriteAsync(Context, ApiError.Unauthorized());

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorShapes.WriteAsync(Context, ApiError.Forbidden(Context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope ?? "required"));
}

public static class Caller
{
    /// <summary>The account of the authenticated key; endpoints that call this require authentication.</summary>
    public static string AccountId(HttpContext context) =>
        context.User.FindFirst(ApiKeyAuthenticationHandler.AccountClaim)?.Value
        ?? throw new InvalidOperationException("The endpoint did not require authentication.");
}
