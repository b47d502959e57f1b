using Microsoft.AspNetCore.Http;

namespace Reelforge.Server.Errors;

/// <summary>
/// Endpoint metadata saying how errors look on this route, so auth failures, bad bodies and
/// unexpected faults all come back in the dialect's own shape.
/// </summary>
public interface IErrorShape
{
    IResult Render(ApiError error);
}

public sealed class OpenAiErrorShape : IErrorShape
{
    public static readonly OpenAiErrorShape Instance = new();

    public IResult Render(ApiError error) => OpenAiErrors.Result(error);
}

public static class ErrorShapes
{
    /// <summary>The shape of the endpoint this request matched; OpenAI's where none is declared.</summary>
    public static IErrorShape For(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IErrorShape>() ?? OpenAiErrorShape.Instance;

    public static Task WriteAsync(HttpContext context, ApiError error) => For(context).Render(error).ExecuteAsync(context);
}
