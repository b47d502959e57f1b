using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Reelforge.Server.Errors;

/// <summary>The OpenAI error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public static class OpenAiErrors
{
    public static IResult Result(ApiError error) =>
        Results.Json(new OpenAiErrorEnvelope(new OpenAiErrorBody(error.Message, TypeOf(error.Status), error.Param, error.Code)
        {
            Problems = error.Problems.Select(p => new OpenAiProblem(p.Path, p.Message)).ToList(),
        }),
            Api.ServerJson.Wire.OpenAiErrorEnvelope, statusCode: error.Status);

    public static Task WriteAsync(HttpContext context, ApiError error) => Result(error).ExecuteAsync(context);

    /// <summary>The `type` word OpenAI's clients expect for each status.</summary>
    public static string TypeOf(int status) => status switch
    {
        401 => "authentication_error",
        402 => "insufficient_credits",
        403 => "permission_error",
        404 => "invalid_request_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}

public sealed record OpenAiErrorEnvelope([property: JsonPropertyName("error")] OpenAiErrorBody Error);

public sealed record OpenAiErrorBody(string Message, string Type, string? Param, string? Code)
{
    /// <summary>
    /// Reelforge's addition (the SDKs ignore it): every field at fault (a timeline's or a template's
    /// inputs can have several), so a form can show each beside its field; `param` is the first.
    /// Empty when the error is not about fields. Always sent, so the schema says what is sent.
    /// </summary>
    public IReadOnlyList<OpenAiProblem> Problems { get; init; } = [];
}

/// <summary>One field at fault: its path (`inputs.quote`, `timeline.scenes[0].duration`) and what is wrong.</summary>
public sealed record OpenAiProblem(string Path, string Message);
