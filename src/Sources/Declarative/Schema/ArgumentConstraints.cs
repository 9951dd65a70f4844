using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Declarative.Definitions;
using Gateway.Sources.Declarative.Expressions;
using GraphQLParser.AST;

namespace Gateway.Sources.Declarative.Schema;

/// <summary>
/// The <c>@length(min:, max:)</c> and <c>@range(min:, max:)</c> of a field's arguments, checked before any key is
/// built: a value outside is the client's <c>BAD_USER_INPUT</c>, naming the argument, and calls no upstream.
/// <c>@length</c> counts a list's items, or a text's characters without surrounding white space, so "   " is empty.
/// </summary>
internal sealed class ArgumentConstraints
{
    private readonly List<(string Argument, bool Length, decimal? Min, decimal? Max)> _rules = [];
    private readonly string _source;

    private ArgumentConstraints(string source) => _source = source;

    public static ArgumentConstraints Of(IEnumerable<GraphQLInputValueDefinition> arguments, string source)
    {
        var constraints = new ArgumentConstraints(source);
        foreach (var argument in arguments)
        {
            foreach (var directive in argument.Directives?.Items ?? [])
            {
                if (directive.Name.StringValue is not (SourceCompiler.LengthDirective or SourceCompiler.RangeDirective))
                {
                    continue;
                }
                decimal? Bound(string name) =>
                    directive.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == name)?.Value is { } value
                        ? decimal.Parse(value is GraphQLIntValue whole ? whole.Value.Span : ((GraphQLFloatValue)value).Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture)
                        : null;
                constraints._rules.Add((argument.Name.StringValue, directive.Name.StringValue == SourceCompiler.LengthDirective, Bound("min"), Bound("max")));
            }
        }
        return constraints;
    }

    public void Check(JsonObject arguments)
    {
        foreach (var (argument, length, min, max) in _rules)
        {
            if (arguments[argument] is not { } value)
            {
                continue;
            }
            decimal? measured = length
                ? value is JsonArray items ? items.Count : TemplateExpression.Text(value).Trim().Length
                : BinaryExpression.Number(value);
            if (measured is not { } amount || amount < (min ?? decimal.MinValue) || amount > (max ?? decimal.MaxValue))
            {
                throw new BadUserInputError(Message(argument, length, min, max, value is JsonArray ? "items" : "characters"), _source, argument);
            }
        }
    }

    private static string Message(string argument, bool length, decimal? min, decimal? max, string unit) => FormattableString.Invariant((length, min, max) switch
    {
        (true, { } low, { } high) => $"'{argument}' must be {low} to {high} {unit}.",
        (true, { } low, null) => $"'{argument}' must be at least {low} {unit}.",
        (true, null, { } high) => $"'{argument}' must be at most {high} {unit}.",
        (false, { } low, { } high) => $"'{argument}' must be between {low} and {high}.",
        (false, { } low, null) => $"'{argument}' must be at least {low}.",
        _ => $"'{argument}' must be at most {max}.",
    });

    /// <summary>An SDL literal (an argument's default) as the CLR value GraphQL.NET expects for it.</summary>
    public static object? Literal(GraphQLValue value) => value switch
    {
        GraphQLIntValue whole => int.TryParse(whole.Value.Span, NumberStyles.Integer, CultureInfo.InvariantCulture, out var small)
            ? small
            : long.Parse(whole.Value.Span, NumberStyles.Integer, CultureInfo.InvariantCulture),
        GraphQLFloatValue real => double.Parse(real.Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture),
        GraphQLStringValue text => text.Value.ToString(),
        GraphQLBooleanValue flag => flag.BoolValue,
        GraphQLEnumValue name => name.Name.StringValue,
        GraphQLListValue list => (list.Values ?? []).Select(Literal).ToList(),
        GraphQLObjectValue obj => (obj.Fields ?? []).ToDictionary(f => f.Name.StringValue, f => Literal(f.Value)),
        _ => null,
    };
}
