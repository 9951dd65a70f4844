using System.Text.RegularExpressions;
using Gateway.Security;
using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.Options;

namespace Gateway.Schema;

/// <summary>
/// Shapes errors for clients: the message, <c>extensions.code</c> and what a gateway error adds to its
/// extensions (the source name). Exception details and stack traces are never exposed. Outside Development (unless
/// <c>Gateway:FieldSuggestions</c> says otherwise) "Did you mean …?" suggestions are removed, so a client without
/// introspection cannot map the schema by guessing.
/// </summary>
public sealed partial class GatewayErrorInfoProvider(IOptions<GatewaySecurityOptions> options, IHostEnvironment environment)
    : ErrorInfoProvider(new ErrorInfoProviderOptions
    {
        ExposeExceptionDetails = false,
        ExposeCode = true,
        ExposeCodes = false,
        ExposeData = false,
    })
{
    private readonly bool _suggestions = options.Value.FieldSuggestions ?? environment.IsDevelopment();

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        if (!_suggestions)
        {
            info.Message = Suggestion().Replace(info.Message, "");
        }
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

    // GraphQL.NET ends a message with its suggestion, with or without a question mark (unknown arguments have
    // none), so everything from "Did you mean" on goes.
    [GeneratedRegex(@"\s*Did you mean\b.*", RegexOptions.Singleline)]
    private static partial Regex Suggestion();
}
