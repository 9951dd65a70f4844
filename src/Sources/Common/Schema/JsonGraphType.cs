using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Gateway.Sources.Common.Schema;

/// <summary>
/// <c>JSON</c>: any JSON value, as the upstream sent it or the client wrote it. For what a schema cannot type: an
/// OpenAPI object with only <c>additionalProperties</c>, a schema of <c>{}</c>, XML's <c>xs:any</c> and <c>xs:anyType</c>.
/// Values are <see cref="JsonNode"/>s both ways, so numbers keep every digit.
/// </summary>
public sealed class JsonGraphType : ScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
        Description = "Any JSON value: an object, a list, text, a number, true, false or null.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => JsonValue.Create(text.Value.ToString()),
        GraphQLBooleanValue flag => JsonValue.Create(flag.BoolValue),
        GraphQLIntValue number => JsonNode.Parse(number.Value.ToString()),
        GraphQLFloatValue number => JsonNode.Parse(number.Value.ToString()),
        GraphQLEnumValue name => JsonValue.Create(name.Name.StringValue),
        GraphQLListValue list => new JsonArray([.. (list.Values ?? []).Select(item => (JsonNode?)ParseLiteral(item))]),
        GraphQLObjectValue obj => new JsonObject((obj.Fields ?? []).Select(field =>
            KeyValuePair.Create(field.Name.StringValue, (JsonNode?)ParseLiteral(field.Value)))),
        _ => ThrowLiteralConversionError(value),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is not GraphQLVariable;

    public override object? ParseValue(object? value) => Node(value);

    public override bool CanParseValue(object? value) => true;

    public override object? Serialize(object? value) => Node(value);

    public override GraphQLValue ToAST(object? value) => Node(value) switch
    {
        null => new GraphQLNullValue(),
        var node => new GraphQLStringValue(node.ToJsonString()),
    };

    /// <summary>A variable's value (dictionaries, lists, CLR scalars, or JSON already) as JSON.</summary>
    private static JsonNode? Node(object? value) => value switch
    {
        null => null,
        JsonNode node => node,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        System.Numerics.BigInteger number => JsonNode.Parse(number.ToString(CultureInfo.InvariantCulture)),
        IDictionary<string, object?> map => new JsonObject(map.Select(pair => KeyValuePair.Create(pair.Key, Node(pair.Value)))),
        IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(Node)]),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
