using GraphQL;
using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Gateway.Execution.Incremental;

/// <summary>
/// <c>@defer</c> and <c>@stream</c> as the incremental delivery RFC declares them, and how execution reads them: a
/// directive is active unless its <c>if</c> is false.
/// </summary>
public static class IncrementalDirectives
{
    public const string Defer = "defer";
    public const string Stream = "stream";

    /// <summary>New definitions for one schema (directive instances are not shared between schemas).</summary>
    public static IEnumerable<Directive> Definitions() =>
    [
        new Definition(Defer, "Delivers the fragment after the rest of the response, once its data is ready.",
            [DirectiveLocation.FragmentSpread, DirectiveLocation.InlineFragment],
            new QueryArgument<NonNullGraphType<BooleanGraphType>> { Name = "if", DefaultValue = true, Description = "Defers the fragment when true (the default); false delivers it with its parent." },
            new QueryArgument<StringGraphType> { Name = "label", Description = "Names the fragment in the payloads that deliver it; unique in the document." }),
        new Definition(Stream, "Delivers the list's first items with the rest of the response and the others after it.",
            [DirectiveLocation.Field],
            new QueryArgument<NonNullGraphType<BooleanGraphType>> { Name = "if", DefaultValue = true, Description = "Streams the list when true (the default); false delivers it whole." },
            new QueryArgument<StringGraphType> { Name = "label", Description = "Names the list in the payloads that deliver its items; unique in the document." },
            new QueryArgument<NonNullGraphType<IntGraphType>> { Name = "initialCount", DefaultValue = 0, Description = "How many items come with the rest of the response." }),
    ];

    /// <summary>Whether <paramref name="document"/> uses either directive anywhere (checked once per cached document).</summary>
    public static bool AreUsedIn(GraphQLDocument document) =>
        document.Definitions.Any(definition => In(definition switch
        {
            GraphQLOperationDefinition operation => operation.SelectionSet,
            GraphQLFragmentDefinition fragment => fragment.SelectionSet,
            _ => null,
        }).Any());

    /// <summary>The <c>@defer</c> and <c>@stream</c> directives in <paramref name="selections"/>, those of named fragments left to their definitions.</summary>
    internal static IEnumerable<GraphQLDirective> In(GraphQLSelectionSet? selections)
    {
        foreach (var selection in selections?.Selections ?? [])
        {
            if (selection is IHasDirectivesNode { Directives: { } directives })
            {
                foreach (var directive in directives.Items.Where(d => d.Name.StringValue is Defer or Stream))
                {
                    yield return directive;
                }
            }
            var inner = selection switch
            {
                GraphQLField field => field.SelectionSet,
                GraphQLInlineFragment inline => inline.SelectionSet,
                _ => null,
            };
            foreach (var directive in In(inner))
            {
                yield return directive;
            }
        }
    }

    /// <summary>The label of an active <c>@defer</c> on <paramref name="node"/>; false when it has none or <c>if</c> is false.</summary>
    internal static bool IsDeferred(ExecutionContext context, ASTNode node, out string? label)
    {
        label = null;
        if (!TryGet(context, node, Defer, out var defer))
        {
            return false;
        }
        label = defer.Arguments.TryGetValue("label", out var value) ? value.Value as string : null;
        return true;
    }

    /// <summary>An active <c>@stream</c> on <paramref name="field"/>: its label and initial count.</summary>
    internal static bool IsStreamed(ExecutionContext context, GraphQLField field, out string? label, out int initialCount)
    {
        (label, initialCount) = (null, 0);
        if (!TryGet(context, field, Stream, out var stream))
        {
            return false;
        }
        label = stream.Arguments.TryGetValue("label", out var value) ? value.Value as string : null;
        initialCount = stream.Arguments.TryGetValue("initialCount", out var count) && count.Value is int given ? given : 0;
        return true;
    }

    private static bool TryGet(ExecutionContext context, ASTNode node, string name, out DirectiveInfo directive)
    {
        directive = null!;
        if (context.DirectiveValues?.TryGetValue(node, out var directives) != true || !directives!.TryGetValue(name, out var found))
        {
            return false;
        }
        directive = found;
        return !(found.Arguments.TryGetValue("if", out var condition) && condition.Value is false);
    }

    private sealed class Definition : Directive
    {
        public Definition(string name, string description, DirectiveLocation[] locations, params QueryArgument[] arguments)
            : base(name, locations)
        {
            Description = description;
            Arguments = new QueryArguments(arguments);
        }

        public override bool? Introspectable => true;
    }
}
