using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tournament.Engine.Serve;

/// <summary>Turns every failure into an RFC 9457 problem body: 400/404 with the sentence, 503 when the state is unreadable, 500 otherwise (logged, never a stack trace).</summary>
internal static partial class ServeErrors
{
    public static async Task HandleAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ApiProblemException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, ex.Status, ex.Message).ConfigureAwait(false);
        }
        catch (StateUnavailableException ex) when (!context.Response.HasStarted)
        {
            LogUnavailable(logger, ex.Message);
            context.Response.Headers.RetryAfter = "30";
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The committed state cannot be read right now; /readyz says why.").ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, ex.StatusCode, "The request is malformed.").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !context.Response.HasStarted)
        {
            LogFailure(logger, ex, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "The server failed to answer this request; the failure is logged.").ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string detail)
    {
        // A problem is not a cacheable representation of the state: no ETag.
        context.Response.Headers.Remove("ETag");
        context.Response.StatusCode = status;
        return ApiProblems.Problem(status, detail).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "State unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, PathString path);
}
