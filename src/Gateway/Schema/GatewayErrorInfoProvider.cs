using GraphQL;
using GraphQL.Execution;

namespace Gateway.Schema;

/// <summary>
/// Shapes errors for clients: the message, <c>extensions.code</c> and what a gateway error adds to its
/// extensions (the source name). Exception details and stack traces are never exposed.
/// </summary>
public sealed class GatewayErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions
{
    ExposeExceptionDetails = false,
    ExposeCode = true,
    ExposeCodes = false,
    ExposeData = false,
})
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        if (executionError.Extensions is { Count: > 0 } extra)
        {
            var extensions = info.Extensions ?? new Dictionary<string, object?>();
            foreach (var (key, value) in extra)
            {
                extensions[key] = value;
            }
            info.Extensions = extensions;
        }
        return info;
    }
}
