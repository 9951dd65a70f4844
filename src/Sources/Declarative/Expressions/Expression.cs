using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json;

namespace Gateway.Sources.Declarative.Expressions;

/// <summary>
/// A compiled mapping expression: paths (<c>$this.currency</c>, <c>$args.id</c>, <c>rate</c>), object and list
/// literals, strings with <c>{…}</c> interpolation, + - * / on numbers (+ joins strings) and a few functions
/// (<see cref="CallExpression"/>). Values are JSON nodes; a missing value is null and propagates through arithmetic
/// and functions, never an exception.
/// </summary>
public abstract record Expression(int Offset)
{
    public abstract JsonNode? Evaluate(Scope scope);

    /// <summary>
    /// Whether <see cref="Evaluate"/> builds a new node every time (an object, a number), which can be placed in
    /// another node as it is; a path's value belongs to the item it was read from and is copied first.
    /// </summary>
    public virtual bool Fresh => true;

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
        for (var i = 0; i < Members.Count && node is not null; i++)
        {
            var member = Members[i];
            if (node is JsonArray array && !int.TryParse(member, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                // A member of a list is that member of each item: $keys.point is the points of all keys.
                var rest = this with { Variable = Scope.ItemVariable, Members = Members.Skip(i).ToList() };
                return new JsonArray([.. array.Select(item => ObjectExpression.Detached(rest.Evaluate(new Scope(Item: item))))]);
            }
            node = node switch
            {
                JsonObject obj => Common.Schema.JsonMembers.Find(obj, member),
                JsonArray list when int.TryParse(member, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count => list[index],
                _ => null,
            };
        }
        return node;
    }

    public override IEnumerable<VariablePath> Paths() => [new VariablePath(Variable, Members, Offset)];

    public override bool Fresh => false;
}

public sealed record ObjectExpression(int Offset, IReadOnlyList<(string Name, Expression Value)> Members) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope)
    {
        var result = new JsonObject();
        foreach (var (name, value) in Members)
        {
            var member = value.Evaluate(scope);
            result[name] = value.Fresh ? member : Detached(member);
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
        new JsonArray([.. Items.Select(item => item.Fresh ? item.Evaluate(scope) : ObjectExpression.Detached(item.Evaluate(scope)))]);

    public override IEnumerable<VariablePath> Paths() => Items.SelectMany(i => i.Paths());
}

/// <summary>A string with interpolated parts; a part that is null makes the whole string null.</summary>
public sealed record TemplateExpression(int Offset, IReadOnlyList<object> Parts) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope)
    {
        // Written into pooled memory: only the finished string is allocated.
        var text = new System.Runtime.CompilerServices.DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture);
        foreach (var part in Parts)
        {
            if (part is string literal)
            {
                text.AppendLiteral(literal);
                continue;
            }
            var value = ((Expression)part).Evaluate(scope);
            if (value is null)
            {
                text.ToStringAndClear();
                return null;
            }
            text.AppendLiteral(Text(value));
        }
        return JsonValue.Create(text.ToStringAndClear());
    }

    public override IEnumerable<VariablePath> Paths() => Parts.OfType<Expression>().SelectMany(p => p.Paths());

    /// <summary>A value as text: strings as they are, numbers and booleans as JSON writes them.</summary>
    public static string Text(JsonNode value) =>
        value is JsonValue scalar && (scalar.TryGetValue<string>(out var text)
            // A string held as another CLR type (an instant) reads as its JSON text without the quotes.
            || scalar.GetValueKind() == System.Text.Json.JsonValueKind.String && (text = scalar.Deserialize<string>()) is not null)
            ? text
            : value.ToJsonString();
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

/// <summary><c>a == b</c>, <c>a != b</c> (numbers by value, the rest as JSON), <c>a &amp;&amp; b</c>, <c>a || b</c>: true or false, never null.</summary>
public sealed record LogicalExpression(int Offset, LogicalOperator Operator, Expression Left, Expression Right) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope) => JsonValue.Create(Operator switch
    {
        LogicalOperator.And => Truthy(Left.Evaluate(scope)) && Truthy(Right.Evaluate(scope)),
        LogicalOperator.Or => Truthy(Left.Evaluate(scope)) || Truthy(Right.Evaluate(scope)),
        LogicalOperator.Equal => Same(Left.Evaluate(scope), Right.Evaluate(scope)),
        _ => !Same(Left.Evaluate(scope), Right.Evaluate(scope)),
    });

    public override IEnumerable<VariablePath> Paths() => Left.Paths().Concat(Right.Paths());

    /// <summary>Null and false are false; every other value is true.</summary>
    public static bool Truthy(JsonNode? node) =>
        node is not null && !(node is JsonValue value && value.TryGetValue<bool>(out var flag) && !flag);

    private static bool Same(JsonNode? left, JsonNode? right) =>
        BinaryExpression.Number(left) is { } a && BinaryExpression.Number(right) is { } b ? a == b : JsonNode.DeepEquals(left, right);
}

public enum LogicalOperator
{
    And,
    Or,
    Equal,
    NotEqual,
}

public sealed record NotExpression(int Offset, Expression Operand) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope) => JsonValue.Create(!LogicalExpression.Truthy(Operand.Evaluate(scope)));

    public override IEnumerable<VariablePath> Paths() => Operand.Paths();
}

/// <summary><c>condition ? then : otherwise</c>, with <see cref="LogicalExpression.Truthy"/> deciding.</summary>
public sealed record ConditionalExpression(int Offset, Expression Condition, Expression Then, Expression Otherwise) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope) =>
        LogicalExpression.Truthy(Condition.Evaluate(scope)) ? Then.Evaluate(scope) : Otherwise.Evaluate(scope);

    public override bool Fresh => Then.Fresh && Otherwise.Fresh;

    public override IEnumerable<VariablePath> Paths() => Condition.Paths().Concat(Then.Paths()).Concat(Otherwise.Paths());
}

public sealed record NegateExpression(int Offset, Expression Operand) : Expression(Offset)
{
    public override JsonNode? Evaluate(Scope scope) =>
        BinaryExpression.Number(Operand.Evaluate(scope)) is { } number ? JsonValue.Create(-number) : null;

    public override IEnumerable<VariablePath> Paths() => Operand.Paths();
}

/// <summary>
/// A function of the mapping language: <c>round(x, digits)</c>; the text functions <c>trim(s)</c>, <c>squish(s)</c>
/// (trimmed, inner runs of white space made one space), <c>upper(s)</c>, <c>lower(s)</c> and <c>pascal(s)</c>
/// (<c>createdAt</c> and <c>CREATED_AT</c> are <c>CreatedAt</c>), which on a list apply to each item; and for
/// lists and objects <c>concat(a, b, …)</c> (the items of lists and single values, nulls left out), <c>keys(o)</c>
/// and <c>values(o)</c>; and <c>matches(s, 'pattern')</c>, true when the text matches the regular expression. A null
/// argument gives null.
/// </summary>
public sealed record CallExpression(int Offset, string Function, IReadOnlyList<Expression> Arguments) : Expression(Offset)
{
    /// <summary>The functions and how many arguments each takes.</summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max)> Functions = new Dictionary<string, (int, int)>(StringComparer.Ordinal)
    {
        ["round"] = (1, 2),
        ["trim"] = (1, 1),
        ["squish"] = (1, 1),
        ["upper"] = (1, 1),
        ["lower"] = (1, 1),
        ["pascal"] = (1, 1),
        ["concat"] = (1, 16),
        ["keys"] = (1, 1),
        ["values"] = (1, 1),
        ["matches"] = (2, 2),
    };

    /// <summary>
    /// The pattern of <c>matches(s, 'pattern')</c>, compiled once when the file is read. It runs without
    /// backtracking, so no input can make it slow.
    /// </summary>
    public System.Text.RegularExpressions.Regex? Pattern { get; init; }

    public override JsonNode? Evaluate(Scope scope)
    {
        if (Function == "concat")
        {
            return Concat(scope);
        }
        var value = Arguments[0].Evaluate(scope);
        return value is null ? null : Function switch
        {
            // A literal's digits are read in place: evaluating a literal copies it, for a parent to adopt.
            "round" => Round(value, Arguments.Count > 1
                ? BinaryExpression.Number(Arguments[1] is LiteralExpression digits ? digits.Value : Arguments[1].Evaluate(scope))
                : 0),
            "keys" => value is JsonObject keys ? new JsonArray([.. keys.Select(member => (JsonNode?)JsonValue.Create(member.Key))]) : null,
            "values" => value is JsonObject values ? new JsonArray([.. values.Select(member => ObjectExpression.Detached(member.Value))]) : null,
            "matches" => JsonValue.Create(value is JsonValue text && text.TryGetValue<string>(out var candidate) && Pattern!.IsMatch(candidate)),
            _ => Text(value),
        };
    }

    public override IEnumerable<VariablePath> Paths() => Arguments.SelectMany(a => a.Paths());

    private static JsonValue? Round(JsonNode value, decimal? digits) =>
        BinaryExpression.Number(value) is { } number && digits is >= 0 and <= 28
            // Divided by 1.000… to drop trailing zeros: 13.40501 and 13.405 round to the same key, 13.405.
            ? JsonValue.Create(Math.Round(number, (int)digits, MidpointRounding.ToEven) / 1.0000000000000000000000000000m)
            : null;

    private JsonNode? Text(JsonNode value)
    {
        if (value is JsonArray list)
        {
            return new JsonArray([.. list.Select(item => item is null ? null : Text(item))]);
        }
        var text = TemplateExpression.Text(value);
        return JsonValue.Create(Function switch
        {
            "trim" => text.Trim(),
            "squish" => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            "upper" => text.ToUpperInvariant(),
            "lower" => text.ToLowerInvariant(),
            _ => Pascal(text),
        });
    }

    private JsonArray Concat(Scope scope)
    {
        var result = new JsonArray();
        foreach (var argument in Arguments)
        {
            switch (argument.Evaluate(scope))
            {
                case null:
                    break;
                case JsonArray list:
                    foreach (var item in list.Where(item => item is not null))
                    {
                        result.Add(ObjectExpression.Detached(item));
                    }
                    break;
                case var one:
                    result.Add(ObjectExpression.Detached(one));
                    break;
            }
        }
        return result;
    }

    /// <summary>Words split at '_', '-', spaces and lower-to-upper steps; each capitalised, the rest of an all-capital word lowered.</summary>
    internal static string Pascal(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var word in text.Split(['_', '-', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var shout = !word.Any(char.IsLower);
            result.Append(char.ToUpperInvariant(word[0]));
            result.Append(shout ? word[1..].ToLowerInvariant() : word[1..]);
        }
        return result.ToString();
    }
}
