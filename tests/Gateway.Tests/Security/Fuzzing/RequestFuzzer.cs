using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser;
using GraphQLParser.AST;

namespace Gateway.Tests.Security.Fuzzing;

/// <summary>
/// Seeded generator of hostile GraphQL requests: documents built from the public schema (real fields, arguments of
/// the right and wrong types, hostile strings, variables, fragments, directives), and byte-level mutations of
/// valid requests. The same seed always yields the same request, so a failure replays from its seed alone.
/// </summary>
public sealed class RequestFuzzer
{
    private static readonly string[] HostileStrings =
    [
        "", " ", "1", "0", "-1", "007", "99999999999", "pay_1", "../../admin", "%2F..%2F", "http://169.254.169.254/latest",
        "a\u0000b", "\u0001", "\uFFFF", "\uFFFE", "\r\nX-Injected: 1", "ключ", "日本語", "😀", "<x>&amp;</x>", "]]>",
        "' OR 1=1 --", "${jndi:ldap://x}", "\\", "\"", "{", "\t", new string('a', 5000), "sha256:00",
    ];

    private static readonly string[] Directives = ["@include(if: true)", "@skip(if: false)", "@skip(if: true)", "@deprecated", "@unknown", "@include"];

    private readonly Random _random;
    private readonly Schema _schema;

    public RequestFuzzer(Schema schema, int seed)
    {
        _schema = schema;
        _random = new Random(seed);
    }

    /// <summary>One request body (UTF-8 bytes, not always valid JSON or UTF-8) and its document, when it has one.</summary>
    public FuzzCase Next(bool allowSubscriptions)
    {
        var (query, variables) = Document(allowSubscriptions);
        var request = new JsonObject { ["query"] = query };
        if (variables.Count > 0 || Chance(0.1))
        {
            request["variables"] = Chance(0.1) ? RandomJson(0) : variables;
        }
        if (Chance(0.1))
        {
            request["extensions"] = Chance(0.5) ? RandomJson(0) : new JsonObject { ["persistedQuery"] = RandomJson(1) };
        }
        if (Chance(0.05))
        {
            request["operationName"] = Pick(HostileStrings);
        }
        var body = Encoding.UTF8.GetBytes(request.ToJsonString());
        return new FuzzCase(Chance(0.3) ? Mutate(body) : body, query);
    }

    private (string Query, JsonObject Variables) Document(bool allowSubscriptions)
    {
        var variables = new JsonObject();
        var definitions = new List<string>();
        var roots = allowSubscriptions ? new[] { "Query", "Query", "Query", "Mutation", "Subscription" } : ["Query", "Query", "Query", "Mutation"];
        var root = Pick(roots);
        var declarations = new List<string>();
        var selection = SelectionSet(root, depth: 0, declarations, variables, definitions);
        var operation = root switch { "Mutation" => "mutation", "Subscription" => "subscription", _ => "query" };
        var header = declarations.Count > 0 ? $"{operation} Fuzz({string.Join(", ", declarations)})" : Chance(0.5) ? operation : "";
        definitions.Insert(0, header + " " + selection);
        return (string.Join("\n", definitions), variables);
    }

    private string SelectionSet(string typeName, int depth, List<string> declarations, JsonObject variables, List<string> fragments)
    {
        if (!_schema.Objects.TryGetValue(typeName, out var fields))
        {
            return "";
        }
        var picked = new List<string>();
        var count = 1 + _random.Next(Chance(0.05) ? 40 : 4);
        for (var i = 0; i < count; i++)
        {
            if (Chance(0.05))
            {
                picked.Add(Chance(0.5) ? "__typename" : "notAField" + _random.Next(10));
                continue;
            }
            var field = Pick(fields);
            var text = new StringBuilder();
            if (Chance(0.15))
            {
                text.Append('a').Append(_random.Next(100)).Append(": ");
            }
            text.Append(field.Name);
            var arguments = field.Arguments.Where(a => a.Required || Chance(0.5)).Select(a => $"{a.Name}: {Value(a.Type, declarations, variables, 0)}").ToList();
            if (Chance(0.05))
            {
                arguments.Add($"bogus{_random.Next(3)}: 1");
            }
            if (arguments.Count > 0)
            {
                text.Append('(').Append(string.Join(", ", arguments)).Append(')');
            }
            if (Chance(0.1))
            {
                text.Append(' ').Append(Pick(Directives));
            }
            var named = NamedType(field.Type);
            if (_schema.Objects.ContainsKey(named))
            {
                if (depth >= 5 && !Chance(0.1))
                {
                    continue;
                }
                var inner = SelectionSet(named, depth + 1, declarations, variables, fragments);
                if (Chance(0.1) && inner.Length > 0)
                {
                    var fragment = "F" + fragments.Count;
                    fragments.Add($"fragment {fragment} on {named} {inner}");
                    inner = $"{{ ...{fragment} }}";
                }
                text.Append(' ').Append(Chance(0.02) ? "" : inner.Length > 0 ? inner : "{ __typename }");
            }
            picked.Add(text.ToString());
        }
        return "{ " + string.Join(" ", picked) + " }";
    }

    /// <summary>A literal or a variable for <paramref name="type"/>, sometimes of the wrong type on purpose.</summary>
    private string Value(GraphQLType type, List<string> declarations, JsonObject variables, int depth)
    {
        if (Chance(0.3) && depth == 0)
        {
            var name = "v" + declarations.Count;
            declarations.Add($"${name}: {Print(type)}");
            variables[name] = Chance(0.8) ? JsonValueFor(type, 0) : RandomJson(0);
            return "$" + name;
        }
        if (Chance(0.05))
        {
            return Pick(["null", "1", "\"x\"", "[]", "{}", "true", "1.5", "ENUM_VALUE"]);
        }
        return type switch
        {
            GraphQLNonNullType nonNull => Value(nonNull.Type, declarations, variables, depth + 1),
            GraphQLListType list => "[" + string.Join(", ", Enumerable.Range(0, _random.Next(Chance(0.05) ? 200 : 4)).Select(_ => Value(list.Type, declarations, variables, depth + 1))) + "]",
            GraphQLNamedType named => NamedLiteral(named.Name.StringValue, depth),
            _ => "null",
        };
    }

    private string NamedLiteral(string name, int depth)
    {
        if (_schema.Enums.TryGetValue(name, out var values))
        {
            return Pick(values);
        }
        if (_schema.Inputs.TryGetValue(name, out var fields))
        {
            if (depth > 6)
            {
                return "{}";
            }
            var chosen = fields.Where(f => f.Required || Chance(0.4))
                .Select(f => $"{f.Name}: {Value(f.Type, [], [], depth + 1)}");
            return "{" + string.Join(", ", chosen) + "}";
        }
        return name switch
        {
            "Int" => Pick(["0", "1", "-1", "10", "100", "101", "2147483647", "2147483648", "-2147483649"]),
            "Float" or "Decimal" => Pick(["0", "1.5", "-90.1", "91", "1e308", "12.345", "0.01", "1000000.01"]),
            "Boolean" => Chance(0.5) ? "true" : "false",
            _ => JsonSerializer.Serialize(Pick(HostileStrings)),
        };
    }

    private JsonNode? JsonValueFor(GraphQLType type, int depth) => type switch
    {
        GraphQLNonNullType nonNull => JsonValueFor(nonNull.Type, depth),
        GraphQLListType list => new JsonArray([.. Enumerable.Range(0, _random.Next(4)).Select(_ => JsonValueFor(list.Type, depth + 1))]),
        GraphQLNamedType named when _schema.Enums.TryGetValue(named.Name.StringValue, out var values) => Pick(values),
        GraphQLNamedType named when _schema.Inputs.TryGetValue(named.Name.StringValue, out var fields) && depth < 6 =>
            new JsonObject(fields.Where(f => f.Required || Chance(0.4)).Select(f => KeyValuePair.Create(f.Name, JsonValueFor(f.Type, depth + 1)))),
        GraphQLNamedType { Name.StringValue: "Int" } => JsonValue.Create(_random.Next(-5, 120)),
        GraphQLNamedType { Name.StringValue: "Float" or "Decimal" } => JsonValue.Create(Math.Round(_random.NextDouble() * 200 - 100, _random.Next(4))),
        GraphQLNamedType { Name.StringValue: "Boolean" } => JsonValue.Create(Chance(0.5)),
        _ => JsonValue.Create(Pick(HostileStrings)),
    };

    /// <summary>Any JSON at all: deep, wide, huge numbers, odd strings.</summary>
    private JsonNode? RandomJson(int depth) => _random.Next(depth > 3 ? 4 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(Pick(HostileStrings)),
        2 => JsonNode.Parse(Pick(["0", "-0", "1e309", "123456789012345678901234567890", "-1.5e-400", "3.14"])),
        3 => JsonValue.Create(Chance(0.5)),
        4 => new JsonArray([.. Enumerable.Range(0, _random.Next(4)).Select(_ => RandomJson(depth + 1))]),
        5 when Chance(0.1) => Deep(50 + _random.Next(30)),
        _ => new JsonObject(Enumerable.Range(0, _random.Next(4)).Select(i => KeyValuePair.Create(Pick(HostileStrings) + i, RandomJson(depth + 1)))),
    };

    private static JsonNode Deep(int levels)
    {
        JsonNode node = JsonValue.Create(1);
        for (var i = 0; i < levels; i++)
        {
            node = new JsonObject { ["a"] = node };
        }
        return node;
    }

    /// <summary>Byte-level damage to a valid request: flips, inserted bytes and escapes, cuts and repeats.</summary>
    private byte[] Mutate(byte[] body)
    {
        var bytes = new List<byte>(body);
        var edits = 1 + _random.Next(4);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    bytes.InsertRange(at, Pick<byte[]>([[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00], [0xE2, 0x82]]));
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes(Pick(["\\ud800", "\\udfff", "\\u0000", "\\", "\"", "{", "}", "[", ",", ":", "\\uZZZZ"])));
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(20)));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    var length = Math.Min(bytes.Count - at, 1 + _random.Next(30));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    bytes[at] = (byte)_random.Next(256);
                    break;
            }
        }
        return [.. bytes];
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string NamedType(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => NamedType(nonNull.Type),
        GraphQLListType list => NamedType(list.Type),
        GraphQLNamedType named => named.Name.StringValue,
        _ => "",
    };

    private static string Print(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => Print(nonNull.Type) + "!",
        GraphQLListType list => "[" + Print(list.Type) + "]",
        GraphQLNamedType named => named.Name.StringValue,
        _ => "String",
    };

    /// <summary>The parts of the schema the generator needs, read from its SDL.</summary>
    public sealed class Schema
    {
        public Dictionary<string, List<SchemaField>> Objects { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<SchemaField>> Inputs { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> Enums { get; } = new(StringComparer.Ordinal);

        public static Schema Read(string sdl)
        {
            var schema = new Schema();
            foreach (var definition in Parser.Parse(sdl).Definitions)
            {
                switch (definition)
                {
                    case GraphQLObjectTypeDefinition type:
                        schema.Objects[type.Name.StringValue] = [.. (type.Fields?.Items ?? []).Select(f => new SchemaField(f.Name.StringValue, f.Type,
                            [.. (f.Arguments?.Items ?? []).Select(a => new SchemaField(a.Name.StringValue, a.Type, []))]))];
                        break;
                    case GraphQLInputObjectTypeDefinition input:
                        schema.Inputs[input.Name.StringValue] = [.. (input.Fields?.Items ?? []).Select(f => new SchemaField(f.Name.StringValue, f.Type, []))];
                        break;
                    case GraphQLEnumTypeDefinition enumType:
                        schema.Enums[enumType.Name.StringValue] = [.. (enumType.Values?.Items ?? []).Select(v => v.Name.StringValue)];
                        break;
                }
            }
            return schema;
        }
    }

    public sealed record SchemaField(string Name, GraphQLType Type, IReadOnlyList<SchemaField> Arguments)
    {
        public bool Required => Type is GraphQLNonNullType;
    }
}

/// <summary>A generated request: the body as bytes and the document it was built around.</summary>
public sealed record FuzzCase(byte[] Body, string Query)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public override string ToString() => Text.Length > 2000 ? Text[..2000] + "…" : Text;
}
