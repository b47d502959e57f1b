using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;

namespace Reelforge.Server.Auth;

public static class AuthExtensions
{
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().Services.AddAuthorization(options =>
        {
            foreach (var scope in Scopes.All)
            {
                // `admin` carries every permission.
                options.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                    context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope)
                    || context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, Scopes.Admin)));
            }
        });
        return services;
    }

    /// <summary>Requires a key with <paramref name="scope"/>; a key without it gets a 403 naming the scope.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(scope).WithMetadata(new RequiredScope(scope));
}
