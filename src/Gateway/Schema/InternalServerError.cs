using Gateway.Sources.Common.Errors;

namespace Gateway.Schema;

/// <summary>An internal failure as the client sees it: a fixed message and the correlation id.</summary>
public sealed class InternalServerError : GatewayError
{
    public InternalServerError(string correlationId)
        : base(UnhandledErrors.Code, $"An internal error occurred. Quote correlation id {correlationId} when reporting it.")
    {
        CorrelationId = correlationId;
        Extensions!["correlationId"] = correlationId;
    }

    /// <summary>The id that the server's log entry for this failure carries too.</summary>
    public string CorrelationId { get; }
}
