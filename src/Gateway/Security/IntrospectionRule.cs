using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace Gateway.Security;

/// <summary>
/// <c>Gateway:Introspection</c>: on in Development, off elsewhere unless set. When off, <c>__schema</c> and
/// <c>__type</c> are refused during validation (400, <c>INTROSPECTION_DISABLED</c>); <c>__typename</c> stays, as
/// clients rely on it.
/// </summary>
public sealed class IntrospectionRule(IOptions<GatewaySecurityOptions> options, IHostEnvironment environment) : ValidationRuleBase
{
    public const string IntrospectionDisabled = "INTROSPECTION_DISABLED";
    private readonly bool _enabled = options.Value.Introspection ?? environment.IsDevelopment();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(_enabled ? null : new MatchingNodeVisitor<GraphQLField>((field, validation) =>
        {
            if (field.Name.StringValue is "__schema" or "__type")
            {
                validation.ReportError(new ValidationError(validation.Document.Source, null!,
                    "Introspection is disabled on this gateway.", field) { Code = IntrospectionDisabled });
            }
        }));
}

/// <summary>Security switches bound from <c>Gateway</c>.</summary>
public sealed class GatewaySecurityOptions
{
    /// <summary>Whether clients may introspect the schema; null means "only in Development".</summary>
    public bool? Introspection { get; set; }

    /// <summary>Whether error messages suggest field, argument or type names; null means "only in Development".</summary>
    public bool? FieldSuggestions { get; set; }
}
