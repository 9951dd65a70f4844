using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Gateway.Execution.Incremental;

/// <summary>
/// The incremental delivery RFC's validation of <c>@defer</c> and <c>@stream</c>: not in subscriptions (unless
/// <c>if: false</c>), not on the root fields of a mutation, <c>@stream</c> only on lists and with a non-negative
/// <c>initialCount</c>, and labels static strings, unique in the document.
/// </summary>
public sealed class IncrementalDeliveryRule : ValidationRuleBase
{
    public const string Code = "INVALID_INCREMENTAL_DELIVERY";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        return new(new NodeVisitors(
            new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, validation) =>
            {
                if (operation.Operation != OperationType.Subscription)
                {
                    return;
                }
                var fragments = validation.GetRecursivelyReferencedFragments(operation) ?? [];
                foreach (var directive in IncrementalDirectives.In(operation.SelectionSet).Concat(fragments.SelectMany(f => IncrementalDirectives.In(f.SelectionSet))))
                {
                    if (directive.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "if")?.Value is not GraphQLFalseBooleanValue)
                    {
                        Report(validation, directive, $"@{directive.Name.StringValue} cannot be used in a subscription; a subscription's events are delivered whole.");
                    }
                }
            }),
            new MatchingNodeVisitor<GraphQLDirective>((directive, validation) =>
            {
                var name = directive.Name.StringValue;
                if (name is not (IncrementalDirectives.Defer or IncrementalDirectives.Stream))
                {
                    return;
                }
                CheckLabel(validation, directive, labels);
                var parent = validation.TypeInfo.GetParentType()?.GetNamedType();
                var root = parent is not null && (parent == validation.Schema.Mutation || parent == validation.Schema.Subscription);
                if (name == IncrementalDirectives.Defer && root)
                {
                    Report(validation, directive, $"@defer cannot be used on the root fields of '{parent!.Name}': they run in order and are delivered together.");
                }
                if (name == IncrementalDirectives.Stream)
                {
                    if (root)
                    {
                        Report(validation, directive, $"@stream cannot be used on the root fields of '{parent!.Name}'.");
                    }
                    if (validation.TypeInfo.GetFieldDef() is { } field && field.ResolvedType is not (ListGraphType or NonNullGraphType { ResolvedType: ListGraphType }))
                    {
                        Report(validation, directive, $"@stream applies to list fields; '{field.Name}' is a {field.ResolvedType}.");
                    }
                    if (directive.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "initialCount")?.Value is GraphQLIntValue count
                        && int.TryParse(count.Value.Span, System.Globalization.CultureInfo.InvariantCulture, out var initial) && initial < 0)
                    {
                        Report(validation, directive, $"@stream's initialCount is {initial}; it cannot be negative.");
                    }
                }
            })));
    }

    private static void CheckLabel(ValidationContext validation, GraphQLDirective directive, HashSet<string> labels)
    {
        switch (directive.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "label")?.Value)
        {
            case GraphQLVariable:
                Report(validation, directive, $"@{directive.Name.StringValue}'s label is a string literal, not a variable.");
                break;
            case GraphQLStringValue label when !labels.Add(label.Value.ToString()):
                Report(validation, directive, $"The label '{label.Value}' is used twice; each @defer and @stream has its own.");
                break;
        }
    }

    private static void Report(ValidationContext validation, GraphQLDirective directive, string message) =>
        validation.ReportError(new ValidationError(validation.Document.Source, null!, message, directive) { Code = Code });
}
