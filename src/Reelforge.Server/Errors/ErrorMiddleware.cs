using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Reelforge.Server.Errors;

/// <summary>
/// Ends a request that threw in the dialect's error shape: expected failures with their own
/// status, malformed HTTP (oversized body, bad form) as a 4xx, anything else as a 500 that
/// gives nothing away.
/// </summary>
public sealed partial class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiErrorException ex) when (!context.Response.HasStarted)
        {
            await ErrorShapes.WriteAsync(context, ex.Error);
        }
        catch (Accounts.InsufficientCreditsException ex) when (!context.Response.HasStarted)
        {
            await ErrorShapes.WriteAsync(context, new ApiError(402, "insufficient_credits", ex.Message));
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var error = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new ApiError(413, "payload_too_large", "The request body is larger than this server accepts.")
                : new ApiError(ex.StatusCode, "invalid_request", ex.Message);
            await ErrorShapes.WriteAsync(context, error);
        }
        catch (InvalidDataException ex) when (!context.Response.HasStarted)
        {
            // Thrown by the form reader for malformed or over-limit multipart bodies.
            await ErrorShapes.WriteAsync(context, new ApiError(400, "invalid_multipart", ex.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is listening for an answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogUnhandled(log, context.Request.Method, context.Request.Path, ex);
            await ErrorShapes.WriteAsync(context, new ApiError(500, "server_error", "The server hit an unexpected error. It has been logged."));
        }
    }

    [LoggerMessage(LogLevel.Error, "Unhandled error in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception ex);
}
