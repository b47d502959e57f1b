namespace Reelforge.Server.Errors;

/// <summary>
/// An expected failure as a value: HTTP status, a stable code, a message for people, and the
/// request field at fault. Each dialect writes it in its own error shape.
/// </summary>
public sealed record ApiError(int Status, string Code, string Message, string? Param = null)
{
    /// <summary>Every field at fault, for dialects whose error body can list them.</summary>
    public IReadOnlyList<Timelines.TimelineProblem> Problems { get; init; } = [];

    public static ApiError Invalid(string param, string message) => new(400, "invalid_value", message, param);
    public static ApiError Missing(string param) => new(400, "missing_parameter", $"Missing required parameter: '{param}'.", param);
    public static ApiError VideoNotFound(string id) => new(404, "not_found", $"Video '{id}' not found.");
    /// <summary>409: the video may still finish, so the same call can succeed later.</summary>
    public static ApiError NotReady(string id, string what) => new(409, "video_not_ready", $"Video '{id}' is not completed, so {what}.");
    /// <summary>422: the video failed or was cancelled; the call can never succeed.</summary>
    public static ApiError Unfinishable(string id, string what) => new(422, "video_failed", $"Video '{id}' failed or was cancelled, so {what}.");
    /// <summary>410: retention deleted the video's files; the video itself is still listed.</summary>
    public static ApiError Expired(string id) => new(410, "video_expired", $"Video '{id}' has expired: its files were deleted after the retention period.");
    public static ApiError Unauthorized() => new(401, "invalid_api_key", "Missing or invalid API key. Send it as 'Authorization: Bearer <key>'.");
    public static ApiError Forbidden(string scope) => new(403, "insufficient_scope", $"This API key lacks the '{scope}' scope.");
    public static ApiError TooLarge(string param, long limit) => new(413, "payload_too_large", $"'{param}' is larger than the {limit} byte limit.", param);
    public static ApiError UnsupportedMediaType(string? contentType) =>
        new(415, "unsupported_media_type", $"Content type '{contentType}' is not supported; send application/json or multipart/form-data.");
}

/// <summary>Thrown from deep in request parsing to end the request with an <see cref="ApiError"/>.</summary>
public sealed class ApiErrorException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;
}
