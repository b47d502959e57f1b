using Reelforge.Net;
using Reelforge.Server.Errors;
using Reelforge.Webhooks;

namespace Reelforge.Server.Webhooks;

/// <summary>
/// Checks a webhook URL when it is given: absolute http(s), at most 2,048 characters, and not a
/// literal address the guard refuses. Names are checked again on every delivery, at connect time.
/// </summary>
public static class WebhookTargets
{
    public const int MaxLength = 2048;

    /// <summary>The checked URL in <paramref name="field"/> of a request; null when the field is absent or JSON null.</summary>
    public static string? Optional(Api.RequestForm form, string field, WebhooksOptions options) =>
        form.Fields[field] is null ? null : Check(form.String(field), field, options);

    public static string Check(string? url, string param, WebhooksOptions options)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ApiErrorException(ApiError.Missing(param));
        }
        if (url.Length > MaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0)
        {
            throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' must be an absolute http or https URL of at most {MaxLength} characters, without credentials."));
        }
        if (!GuardedConnect.IsLiteralAllowed(uri, options.AllowLoopback, options.AllowPrivateNetworks))
        {
            throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' points at a loopback, private or reserved address, which this server does not call."));
        }
        return uri.AbsoluteUri;
    }
}
