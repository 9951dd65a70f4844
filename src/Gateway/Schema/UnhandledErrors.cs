using System.Diagnostics;
using Gateway.Sources.Common.Errors;
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

    public Task HandleAsync(UnhandledExceptionContext context)
    {
        var correlationId = CorrelationId();
        var path = context.FieldContext is { } field ? string.Join('.', field.Path) : "(execution)";
        LogUnhandled(logger, context.OriginalException, correlationId, path);
        context.Exception = new InternalServerError(correlationId);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error {CorrelationId} at {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string correlationId, string path);
}
