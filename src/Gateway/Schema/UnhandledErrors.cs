using System.Diagnostics;
using GraphQL.Execution;

namespace Gateway.Schema;

/// <summary>
/// What a client sees of a bug: a resolver's unexpected exception is logged in full with a correlation id (the
/// request's trace id) and replaced by <c>INTERNAL_SERVER_ERROR</c> carrying that id in <c>extensions</c>, so
/// support can find the log entry while the client learns nothing of the exception.
/// </summary>
public sealed partial class UnhandledErrors(ILogger<UnhandledErrors> logger)
{
    public const string Code = "INTERNAL_SERVER_ERROR";

    /// <summary>The correlation id of the current request: its W3C trace id, or a fresh id without a trace.</summary>
    public static string CorrelationId() => Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();

    /// <summary>GraphQL.NET's hook for resolver exceptions (<c>ExecutionOptions.UnhandledExceptionDelegate</c>).</summary>
    public Task HandleAsync(UnhandledExceptionContext context)
    {
        context.Exception = Report(context.OriginalException, context.FieldContext is { } field ? string.Join('.', field.Path) : "(execution)");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Logs <paramref name="exception"/> with a correlation id and returns what the client may see of it; for
    /// failures outside a resolver (<paramref name="where"/> names the place: the transport, an operation).
    /// </summary>
    public InternalServerError Report(Exception exception, string where)
    {
        var error = new InternalServerError(CorrelationId());
        if (QuotesDocument(exception))
        {
            // The parser's messages quote the document around the error, and query text is never logged.
            LogUnhandledParse(logger, exception.GetType().Name, error.CorrelationId, where);
        }
        else
        {
            LogUnhandled(logger, exception, error.CorrelationId, where);
        }
        return error;
    }

    private static bool QuotesDocument(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is GraphQLParser.Exceptions.GraphQLParserException)
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error {CorrelationId} at {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string correlationId, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error {CorrelationId} at {Path}: {ExceptionType} from the parser (message withheld: it quotes the document)")]
    private static partial void LogUnhandledParse(ILogger logger, string exceptionType, string correlationId, string path);
}
