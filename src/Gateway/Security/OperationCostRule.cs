using System.Globalization;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace Gateway.Security;

/// <summary>
/// <c>Gateway:Limits:MaxCost</c>: what an operation may make the upstreams do, estimated before anything runs.
/// Every field that selects an object costs 1; a list field multiplies what it selects by the number of items it
/// may return: the length of its <c>ids</c>, else its <c>first</c> or <c>days</c> argument (the schema default or
/// <c>Gateway:Limits:DefaultListSize</c> when omitted). Lists inside a sized field (a connection's
/// <c>nodes</c>/<c>edges</c>) are already counted by it. Sizes given as variables are read from the request, so
/// this rule runs for every request, cached document or not.
/// </summary>
public sealed class OperationCostRule(IOptions<OperationLimitsOptions> options) : ValidationRuleBase
{
    public const string MaxCostExceeded = "MAX_COST_EXCEEDED";

    /// <summary>
    /// The user-context entry of a batch's shared budget (<see cref="CostBudget"/>): each operation of a batch may
    /// spend what the ones before it left, so the batch as a whole stays within <c>MaxCost</c>.
    /// </summary>
    public const string BudgetKey = "gateway:costBudget";

    /// <summary>Arguments that bound how many items a list field returns.</summary>
    private static readonly string[] SizeArguments = ["ids", "first", "days"];

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, validation) => Check(operation, validation)));

    private void Check(GraphQLOperationDefinition operation, ValidationContext context)
    {
        var limits = options.Value;
        var root = operation.Operation switch
        {
            OperationType.Mutation => context.Schema.Mutation,
            OperationType.Subscription => context.Schema.Subscription,
            _ => context.Schema.Query,
        };
        if (root is null)
        {
            return;
        }
        var walk = new CostWalk(context, operation, limits.DefaultListSize);
        var cost = walk.Cost(operation.SelectionSet, root, []);
        var budget = context.UserContext?.TryGetValue(BudgetKey, out var shared) == true ? shared as CostBudget : null;
        var allowed = budget?.Remaining ?? limits.MaxCost;
        if (cost > allowed)
        {
            context.ReportError(new ValidationError(context.Document.Source, null!, budget is null
                ? $"The operation's estimated cost is {cost}; at most {limits.MaxCost} is allowed. Ask for fewer items per list or split the operation."
                : $"The operation's estimated cost is {cost}; the batch has {allowed} of its {limits.MaxCost} left. Ask for fewer items or send fewer operations.",
                operation) { Code = MaxCostExceeded });
            return;
        }
        budget?.Spend(cost);
    }

    private sealed class CostWalk(ValidationContext context, GraphQLOperationDefinition operation, int defaultListSize)
    {
        private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = context.Document.Definitions
            .OfType<GraphQLFragmentDefinition>()
            .ToDictionary(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal);

        /// <summary>Cost of <paramref name="selections"/> on <paramref name="type"/>; saturates instead of overflowing.</summary>
        public long Cost(GraphQLSelectionSet? selections, IGraphType type, HashSet<string> onPath)
        {
            if (selections is null)
            {
                return 0;
            }
            long cost = 0;
            foreach (var selection in selections.Selections)
            {
                cost = Saturate(cost + selection switch
                {
                    GraphQLField field => FieldCost(field, type, onPath),
                    GraphQLInlineFragment inline => Cost(inline.SelectionSet, TypeCondition(inline.TypeCondition) ?? type, onPath),
                    GraphQLFragmentSpread spread => SpreadCost(spread, type, onPath),
                    _ => 0,
                });
            }
            return cost;
        }

        private long SpreadCost(GraphQLFragmentSpread spread, IGraphType type, HashSet<string> onPath)
        {
            var name = spread.FragmentName.Name.StringValue;
            if (!_fragments.TryGetValue(name, out var fragment) || !onPath.Add(name))
            {
                return 0;
            }
            var cost = Cost(fragment.SelectionSet, TypeCondition(fragment.TypeCondition) ?? type, onPath);
            onPath.Remove(name);
            return cost;
        }

        private long FieldCost(GraphQLField field, IGraphType parent, HashSet<string> onPath)
        {
            if (field.SelectionSet is null
                || parent is not IComplexGraphType complex
                || complex.GetField(field.Name.Value) is not { ResolvedType: { } fieldType } definition)
            {
                // Scalars are free; unknown fields are reported by the spec's rules.
                return 0;
            }
            var children = Cost(field.SelectionSet, fieldType.GetNamedType(), onPath);
            return Saturate(1 + Saturate(ListSize(field, definition) * children));
        }

        private IGraphType? TypeCondition(GraphQLTypeCondition? condition) =>
            condition is null ? null : context.Schema.AllTypes[condition.Type.Name.StringValue];

        /// <summary>How many items <paramref name="field"/> may return; 1 for fields without a size argument.</summary>
        private long ListSize(GraphQLField field, FieldType definition)
        {
            foreach (var name in SizeArguments)
            {
                if (definition.Arguments?.Find(name) is not { } argument)
                {
                    continue;
                }
                var given = field.Arguments?.ValueFor(name);
                return Size(given) ?? Size(argument.DefaultValue) ?? defaultListSize;
            }
            return 1;
        }

        private long? Size(object? value) => value switch
        {
            GraphQLListValue list => list.Values?.Count ?? 0,
            GraphQLIntValue number when long.TryParse(number.Value.Span, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) => Math.Max(size, 0),
            GraphQLVariable variable => VariableSize(variable.Name.StringValue),
            GraphQLNullValue => null,
            int number => Math.Max(number, 0),
            long number => Math.Max(number, 0),
            System.Collections.ICollection collection => collection.Count,
            _ => null,
        };

        private long? VariableSize(string name)
        {
            if (context.Variables is { } variables && variables.TryGetValue(name, out var value))
            {
                return value is null ? null : Size(value);
            }
            return Size(operation.Variables?.FirstOrDefault(v => v.Variable.Name.StringValue == name)?.DefaultValue);
        }

        private static long Saturate(long value) => Math.Clamp(value, 0, int.MaxValue);
    }
}

/// <summary>What a batch may still cost; shared by its operations, which are validated one after another.</summary>
public sealed class CostBudget(long total)
{
    public long Remaining { get; private set; } = total;

    public void Spend(long cost) => Remaining -= cost;
}
