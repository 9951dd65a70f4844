using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Sources.Declarative.Expressions;

/// <summary>
/// A compiled mapping expression: paths (<c>$this.currency</c>, <c>$args.id</c>, <c>rate</c>), object and list
/// literals, strings with <c>{…}</c> interpolation, and + - * / on numbers (+ joins strings). Values are JSON
/// nodes; a missing value is null and propagates through arithmetic, never an exception.
/// </summary>
public abstract record Expression(int Offset)
{
    public abstract JsonNode? Evaluate(Scope scope);

    /// <summary>Every variable path this expression reads, for checks at start (<c>$args.id</c> → ("args", ["id"])).</summary>
    public abstract IEnumerable<VariablePath> Paths();
}

/// <summary>A variable (<c>$this</c>, <c>$args</c>, <c>$key</c>, <c>$keys</c>, or <c>$</c>, the current item) with member names after it.</summary>
public sealed record VariablePath(string Variable, IReadOnlyList<string> Members, int Offset);

public sealed record LiteralExpression(int Offset, JsonNode? Value) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope) => Value?.DeepClone();

    public override IEnumerable<VariablePath> Paths() => [];
}

public sealed record PathExpression(int Offset, string Variable, IReadOnlyList<string> Members) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope)
    {
        var node = scope.Variable(Variable);
        foreach (var member in Members)
        {
            node = node switch
            {
                JsonObject obj => obj[member],
                JsonArray array when int.TryParse(member, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }
        return node;
    }

    public override IEnumerable<VariablePath> Paths() => [new VariablePath(Variable, Members, Offset)];
}

public sealed record ObjectExpression(int Offset, IReadOnlyList<(string Name, Expression Value)> Members) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope)
    {
        var result = new JsonObject();
        foreach (var (name, value) in Members)
        {
            result[name] = Detached(value.Evaluate(scope));
        }
        return result;
    }

    public override IEnumerable<VariablePath> Paths() => Members.SelectMany(m => m.Value.Paths());

    /// <summary>A node has one parent, and items are shared by every field that loads them: values are copied in.</summary>
    internal static JsonNode? Detached(JsonNode? node) => node?.DeepClone();
}

public sealed record ArrayExpression(int Offset, IReadOnlyList<Expression> Items) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope) =>
        new JsonArray([.. Items.Select(item => ObjectExpression.Detached(item.Evaluate(scope)))]);

    public override IEnumerable<VariablePath> Paths() => Items.SelectMany(i => i.Paths());
}

/// <summary>A string with interpolated parts; a part that is null makes the whole string null.</summary>
public sealed record TemplateExpression(int Offset, IReadOnlyList<object> Parts) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope)
    {
        var text = new StringBuilder();
        foreach (var part in Parts)
        {
            if (part is string literal)
            {
                text.Append(literal);
                continue;
            }
            var value = ((Expression)part).Evaluate(scope);
            if (value is null)
            {
                return null;
            }
            text.Append(Text(value));
        }
        return JsonValue.Create(text.ToString());
    }

    public override IEnumerable<VariablePath> Paths() => Parts.OfType<Expression>().SelectMany(p => p.Paths());

    /// <summary>A value as text: strings as they are, numbers and booleans as JSON writes them.</summary>
    public static string Text(JsonNode value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value.ToJsonString();
}

public sealed record BinaryExpression(int Offset, char Operator, Expression Left, Expression Right) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope)
    {
        var left = Left.Evaluate(scope);
        var right = Right.Evaluate(scope);
        if (Operator == '+' && (IsString(left) || IsString(right)) && left is not null && right is not null)
        {
            return JsonValue.Create(TemplateExpression.Text(left) + TemplateExpression.Text(right));
        }
        if (Number(left) is not { } a || Number(right) is not { } b)
        {
            return null;
        }
        return Operator switch
        {
            '+' => JsonValue.Create(a + b),
            '-' => JsonValue.Create(a - b),
            '*' => JsonValue.Create(a * b),
            _ => b == 0 ? null : JsonValue.Create(a / b),
        };
    }

    public override IEnumerable<VariablePath> Paths() => Left.Paths().Concat(Right.Paths());

    private static bool IsString(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out _);

    /// <summary>Numbers are decimals, so money keeps its cents; a number outside decimal's range is null.</summary>
    internal static decimal? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }
        if (value.TryGetValue<decimal>(out var number))
        {
            return number;
        }
        try
        {
            return value.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}

public sealed record NegateExpression(int Offset, Expression Operand) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope) =>
        BinaryExpression.Number(Operand.Evaluate(scope)) is { } number ? JsonValue.Create(-number) : null;

    public override IEnumerable<VariablePath> Paths() => Operand.Paths();
}
