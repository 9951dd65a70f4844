using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace Gateway.Security;

/// <summary>
/// Refuses operations that are too deep, too wide or too decorated, during validation: a refused operation is a
/// 400 with a stable <c>extensions.code</c> and makes no upstream request. Fragments are followed (each spread
/// once per path, so cycles cannot loop); introspection fields are not counted.
/// </summary>
public sealed class OperationLimitsRule(IOptions<OperationLimitsOptions> options) : ValidationRuleBase
{
    public const string MaxDepthExceeded = "MAX_DEPTH_EXCEEDED";
    public const string MaxAliasesExceeded = "MAX_ALIASES_EXCEEDED";
    public const string MaxRootFieldsExceeded = "MAX_ROOT_FIELDS_EXCEEDED";
    public const string MaxDirectivesExceeded = "MAX_DIRECTIVES_EXCEEDED";
    public const string MaxDuplicatedFieldsExceeded = "MAX_DUPLICATED_FIELDS_EXCEEDED";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, validation) => Check(operation, validation)));

    private void Check(GraphQLOperationDefinition operation, ValidationContext context)
    {
        var limits = options.Value;
        var fragments = context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
            .ToDictionary(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal);
        var stats = new Stats();
        var rootFields = Walk(operation.SelectionSet, 1, stats, fragments, []);

        if (rootFields > limits.MaxRootFields)
        {
            Report(context, operation, MaxRootFieldsExceeded, $"The operation has {rootFields} root fields; at most {limits.MaxRootFields} are allowed.");
        }
        if (stats.Depth > limits.MaxDepth)
        {
            Report(context, operation, MaxDepthExceeded, $"The operation is {stats.Depth} levels deep; at most {limits.MaxDepth} are allowed.");
        }
        if (stats.Aliases > limits.MaxAliases)
        {
            Report(context, operation, MaxAliasesExceeded, $"The operation uses {stats.Aliases} aliases; at most {limits.MaxAliases} are allowed.");
        }
        if (stats.MostDirectives > limits.MaxDirectivesPerField)
        {
            Report(context, operation, MaxDirectivesExceeded, $"A field carries {stats.MostDirectives} directives; at most {limits.MaxDirectivesPerField} are allowed.");
        }
        if (stats.MostDuplicates > limits.MaxDuplicatedFields)
        {
            Report(context, operation, MaxDuplicatedFieldsExceeded, $"A selection set selects '{stats.MostDuplicated}' {stats.MostDuplicates} times; at most {limits.MaxDuplicatedFields} are allowed.");
        }
    }

    /// <summary>Walks a selection set at <paramref name="depth"/>; returns how many fields it selects directly.</summary>
    private static int Walk(GraphQLSelectionSet? selections, int depth, Stats stats, Dictionary<string, GraphQLFragmentDefinition> fragments, HashSet<string> onPath)
    {
        var responseNames = new Dictionary<string, int>(StringComparer.Ordinal);
        var fields = Walk(selections, depth, stats, fragments, onPath, responseNames);
        foreach (var (name, count) in responseNames)
        {
            if (count > stats.MostDuplicates)
            {
                (stats.MostDuplicates, stats.MostDuplicated) = (count, name);
            }
        }
        return fields;
    }

    /// <summary>Walks one selection set; fragments at the same level count their fields into <paramref name="responseNames"/>.</summary>
    private static int Walk(GraphQLSelectionSet? selections, int depth, Stats stats, Dictionary<string, GraphQLFragmentDefinition> fragments, HashSet<string> onPath, Dictionary<string, int> responseNames)
    {
        if (selections is null)
        {
            return 0;
        }
        var fields = 0;
        foreach (var selection in selections.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    fields++;
                    var responseName = (field.Alias?.Name ?? field.Name).StringValue;
                    responseNames[responseName] = responseNames.GetValueOrDefault(responseName) + 1;
                    stats.MostDirectives = Math.Max(stats.MostDirectives, field.Directives?.Count ?? 0);
                    if (field.Alias is not null)
                    {
                        stats.Aliases++;
                    }
                    if (field.Name.StringValue.StartsWith("__", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    stats.Depth = Math.Max(stats.Depth, depth);
                    Walk(field.SelectionSet, depth + 1, stats, fragments, onPath);
                    break;
                case GraphQLInlineFragment inline:
                    fields += Walk(inline.SelectionSet, depth, stats, fragments, onPath, responseNames);
                    break;
                case GraphQLFragmentSpread spread:
                    var name = spread.FragmentName.Name.StringValue;
                    if (fragments.TryGetValue(name, out var fragment) && onPath.Add(name))
                    {
                        fields += Walk(fragment.SelectionSet, depth, stats, fragments, onPath, responseNames);
                        onPath.Remove(name);
                    }
                    break;
            }
        }
        return fields;
    }

    private static void Report(ValidationContext context, ASTNode node, string code, string message) =>
        context.ReportError(new ValidationError(context.Document.Source, null!, message, node) { Code = code });

    private sealed class Stats
    {
        public int Depth;
        public int Aliases;
        public int MostDirectives;
        public int MostDuplicates;
        public string? MostDuplicated;
    }
}
