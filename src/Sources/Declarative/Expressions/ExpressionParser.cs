using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Sources.Declarative.Expressions;

/// <summary>
/// Parses the mapping language of source files:
/// <code>
/// expr     := or ('?' expr ':' expr)?
/// or       := and ('||' and)*
/// and      := equality ('&amp;&amp;' equality)*
/// equality := sum (('==' | '!=') sum)?
/// sum      := term (('+' | '-') term)*
/// term     := unary (('*' | '/') unary)*
/// unary    := '-' unary | '!' unary | primary ('.' name | '[' digits ']')*
/// primary  := number | string | true | false | null | '$' name? | name | call | object | list | '(' expr ')'
/// call     := name '(' (expr (',' expr)*)? ')'                         (see CallExpression.Functions)
/// object   := '{' (member (',' member)*)? '}'
/// member   := name (':' expr)? | string ':' expr                          (a lone name is name: name)
/// list     := '[' (expr (',' expr)*)? ']'
/// string   := "…" or '…', with {expr} interpolated and \ escaping the next character
/// </code>
/// A bare name reads the current item (<c>rate</c> is <c>$.rate</c>); a member of a list reads that member of each
/// item (<c>$keys.point</c>). Errors carry the offset in the text.
/// </summary>
public sealed class ExpressionParser
{
    private readonly string _text;
    private int _position;

    private ExpressionParser(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/> whole; throws <see cref="ExpressionSyntaxException"/> with the offset of the problem.</summary>
    public static Expression Parse(string text)
    {
        var parser = new ExpressionParser(text);
        var expression = parser.ParseExpression();
        parser.SkipSpace();
        if (parser._position < text.Length)
        {
            throw parser.Error($"unexpected '{text[parser._position]}'");
        }
        return expression;
    }

    private Expression ParseExpression()
    {
        var condition = ParseOr();
        if (!TrySkip('?'))
        {
            return condition;
        }
        var then = ParseExpression();
        Expect(':');
        return new ConditionalExpression(condition.Offset, condition, then, ParseExpression());
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (TrySkip("||"))
        {
            left = new LogicalExpression(left.Offset, LogicalOperator.Or, left, ParseAnd());
        }
        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseEquality();
        while (TrySkip("&&"))
        {
            left = new LogicalExpression(left.Offset, LogicalOperator.And, left, ParseEquality());
        }
        return left;
    }

    private Expression ParseEquality()
    {
        var left = ParseAdditive();
        if (TrySkip("=="))
        {
            return new LogicalExpression(left.Offset, LogicalOperator.Equal, left, ParseAdditive());
        }
        if (TrySkip("!="))
        {
            return new LogicalExpression(left.Offset, LogicalOperator.NotEqual, left, ParseAdditive());
        }
        return left;
    }

    private Expression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (TryOperator('+', '-') is { } op)
        {
            left = new BinaryExpression(left.Offset, op, left, ParseMultiplicative());
        }
        return left;
    }

    private Expression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (TryOperator('*', '/') is { } op)
        {
            left = new BinaryExpression(left.Offset, op, left, ParseUnary());
        }
        return left;
    }

    private char? TryOperator(char a, char b)
    {
        SkipSpace();
        if (_position < _text.Length && (_text[_position] == a || _text[_position] == b))
        {
            return _text[_position++];
        }
        return null;
    }

    private Expression ParseUnary()
    {
        SkipSpace();
        var start = _position;
        if (Peek() == '-' && !(_position + 1 < _text.Length && char.IsAsciiDigit(_text[_position + 1])))
        {
            _position++;
            return new NegateExpression(start, ParseUnary());
        }
        if (Peek() == '!' && !(_position + 1 < _text.Length && _text[_position + 1] == '='))
        {
            _position++;
            return new NotExpression(start, ParseUnary());
        }
        var primary = ParsePrimary();
        if (primary is not PathExpression path)
        {
            return primary;
        }
        var members = new List<string>(path.Members);
        while (true)
        {
            if (Peek() == '.')
            {
                _position++;
                members.Add(ParseName());
            }
            else if (Peek() == '[')
            {
                _position++;
                var digits = _position;
                while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
                {
                    _position++;
                }
                if (digits == _position)
                {
                    throw Error("expected a list index");
                }
                members.Add(_text[digits.._position]);
                Expect(']');
            }
            else
            {
                return path with { Members = members };
            }
        }
    }

    private Expression ParsePrimary()
    {
        SkipSpace();
        var start = _position;
        var c = Peek() ?? throw Error("expected a value");
        switch (c)
        {
            case '$':
                _position++;
                var variable = Peek() is { } next && IsNameStart(next) ? ParseName() : Scope.ItemVariable;
                if (!Scope.Variables.Contains(variable))
                {
                    throw Error($"unknown variable '${variable}' (use $this, $args, $key, $keys, $page or $)", start);
                }
                return new PathExpression(start, variable, []);
            case '{':
                return ParseObject();
            case '[':
                _position++;
                var items = new List<Expression>();
                if (!TrySkip(']'))
                {
                    do
                    {
                        items.Add(ParseExpression());
                    }
                    while (TrySkip(','));
                    Expect(']');
                }
                return new ArrayExpression(start, items);
            case '(':
                _position++;
                var inner = ParseExpression();
                Expect(')');
                return inner;
            case '"' or '\'':
                return ParseString();
        }
        if (char.IsAsciiDigit(c) || c == '-')
        {
            return ParseNumber();
        }
        if (IsNameStart(c))
        {
            var name = ParseName();
            return name switch
            {
                "true" => new LiteralExpression(start, JsonValue.Create(true)),
                "false" => new LiteralExpression(start, JsonValue.Create(false)),
                "null" => new LiteralExpression(start, null),
                _ when Peek() == '(' => ParseCall(name, start),
                _ => new PathExpression(start, Scope.ItemVariable, [name]),
            };
        }
        throw Error($"unexpected '{c}'");
    }

    private CallExpression ParseCall(string name, int start)
    {
        if (!CallExpression.Functions.TryGetValue(name, out var arity))
        {
            throw Error($"unknown function '{name}' (there are {string.Join(", ", CallExpression.Functions.Keys)})", start);
        }
        Expect('(');
        var arguments = new List<Expression>();
        if (!TrySkip(')'))
        {
            do
            {
                // A pattern is a plain string: its braces and backslashes are the regular expression's own.
                arguments.Add(name == "matches" && arguments.Count == 1 && Peek() is '"' or '\'' ? ParsePattern() : ParseExpression());
            }
            while (TrySkip(','));
            Expect(')');
        }
        if (arguments.Count < arity.Min || arguments.Count > arity.Max)
        {
            throw Error(arity.Min == arity.Max
                ? $"'{name}' takes {arity.Min} argument{(arity.Min == 1 ? "" : "s")}"
                : $"'{name}' takes {arity.Min} to {arity.Max} arguments", start);
        }
        if (name != "matches")
        {
            return new CallExpression(start, name, arguments);
        }
        if (arguments[1] is not LiteralExpression { Value: JsonValue pattern } || !pattern.TryGetValue<string>(out var text))
        {
            throw Error("'matches' takes the pattern as a string literal: matches($key, '^[0-9]+$')", arguments[1].Offset);
        }
        try
        {
            return new CallExpression(start, name, arguments)
            {
                Pattern = new System.Text.RegularExpressions.Regex(text,
                    System.Text.RegularExpressions.RegexOptions.NonBacktracking | System.Text.RegularExpressions.RegexOptions.CultureInvariant),
            };
        }
        catch (ArgumentException ex)
        {
            throw Error($"'matches' has a pattern that does not parse: {ex.Message}", arguments[1].Offset);
        }
    }

    private ObjectExpression ParseObject()
    {
        var start = _position;
        Expect('{');
        var members = new List<(string, Expression)>();
        if (!TrySkip('}'))
        {
            do
            {
                SkipSpace();
                var nameAt = _position;
                // A quoted name may hold what names cannot ('Idempotency-Key'); it is followed by its value.
                var quoted = Peek() is '"' or '\'';
                var name = quoted ? QuotedName() : ParseName();
                if (members.Any(m => m.Item1 == name))
                {
                    throw Error($"'{name}' is given twice", nameAt);
                }
                if (quoted && Peek() != ':')
                {
                    throw Error($"expected ':' and a value after '{name}'");
                }
                members.Add((name, TrySkip(':') ? ParseExpression() : new PathExpression(nameAt, Scope.ItemVariable, [name])));
            }
            while (TrySkip(','));
            Expect('}');
        }
        return new ObjectExpression(start, members);
    }

    private Expression ParseString()
    {
        var start = _position;
        var quote = _text[_position++];
        var parts = new List<object>();
        var literal = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("unterminated string", start);
            }
            var c = _text[_position++];
            if (c == quote)
            {
                break;
            }
            if (c == '\\' && _position < _text.Length)
            {
                literal.Append(_text[_position++]);
            }
            else if (c == '{')
            {
                if (literal.Length > 0)
                {
                    parts.Add(literal.ToString());
                    literal.Clear();
                }
                parts.Add(ParseExpression());
                Expect('}');
            }
            else
            {
                literal.Append(c);
            }
        }
        if (literal.Length > 0 || parts.Count == 0)
        {
            parts.Add(literal.ToString());
        }
        return parts is [string only] ? new LiteralExpression(start, JsonValue.Create(only)) : new TemplateExpression(start, parts);
    }

    private string QuotedName()
    {
        var at = _position;
        var name = ParsePattern().Value!.GetValue<string>();
        return name.Length > 0 ? name : throw Error("a member name cannot be empty", at);
    }

    /// <summary>A string without interpolation, where a backslash escapes only the closing quote.</summary>
    private LiteralExpression ParsePattern()
    {
        var start = _position;
        var quote = _text[_position++];
        var text = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("unterminated string", start);
            }
            var c = _text[_position++];
            if (c == quote)
            {
                return new LiteralExpression(start, JsonValue.Create(text.ToString()));
            }
            if (c == '\\' && _position < _text.Length && _text[_position] == quote)
            {
                c = _text[_position++];
            }
            text.Append(c);
        }
    }

    private LiteralExpression ParseNumber()
    {
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
        }
        while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] is '.' or 'e' or 'E'))
        {
            _position++;
        }
        if (!decimal.TryParse(_text.AsSpan(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw Error("malformed number", start);
        }
        return new LiteralExpression(start, JsonValue.Create(number));
    }

    private string ParseName()
    {
        SkipSpace();
        var start = _position;
        if (Peek() is not { } c || !IsNameStart(c))
        {
            throw Error("expected a name");
        }
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }
        return _text[start.._position];
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private char? Peek()
    {
        SkipSpace();
        return _position < _text.Length ? _text[_position] : null;
    }

    private bool TrySkip(char c)
    {
        if (Peek() == c)
        {
            _position++;
            return true;
        }
        return false;
    }

    private bool TrySkip(string two)
    {
        if (Peek() == two[0] && _position + 1 < _text.Length && _text[_position + 1] == two[1])
        {
            _position += 2;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        if (!TrySkip(c))
        {
            throw Error(_position < _text.Length ? $"expected '{c}' but found '{_text[_position]}'" : $"expected '{c}' at the end");
        }
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private ExpressionSyntaxException Error(string message, int? at = null) => new(message, at ?? _position);
}

/// <summary>A mapping expression that does not parse; <see cref="Offset"/> is where, within the expression's text.</summary>
public sealed class ExpressionSyntaxException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}
