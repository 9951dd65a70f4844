using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Sources.Declarative.Schema;

/// <summary>Between GraphQL.NET's values and the JSON nodes expressions read and write.</summary>
internal static class JsonValues
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A parent object as JSON: declarative items as they are, code-first objects by their public properties (camelCase).</summary>
    public static JsonNode? FromSource(object? source) => source switch
    {
        null => null,
        JsonNode node => node,
        _ => JsonSerializer.SerializeToNode(source, source.GetType(), Web),
    };

    /// <summary>
    /// The value a field of GraphQL type <paramref name="typeName"/> returns for <paramref name="node"/>: CLR scalars
    /// for scalars and enums, the node itself for objects. A node of the wrong kind is the upstream's error.
    /// </summary>
    public static object? ToField(JsonNode? node, string typeName, bool isObject) => node switch
    {
        null => null,
        _ when isObject => node,
        _ when typeName == "JSON" => node,
        JsonArray => throw new FormatException("a list where a single value belongs"),
        JsonObject => throw new FormatException("an object where a scalar belongs"),
        JsonValue value => typeName switch
        {
            // XML answers carry every value as text: numbers and booleans are read from it where the schema asks.
            "Int" => value.TryGetValue<int>(out var whole) ? whole : int.Parse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture),
            "Long" => value.TryGetValue<long>(out var wide) ? wide : long.Parse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture),
            "Float" => value.TryGetValue<double>(out var real) ? real : double.Parse(Text(value), NumberStyles.Float, CultureInfo.InvariantCulture),
            "Decimal" => value.TryGetValue<decimal>(out var number) ? number : decimal.Parse(Text(value), NumberStyles.Float, CultureInfo.InvariantCulture),
            "Boolean" => value.TryGetValue<bool>(out var flag) ? flag : System.Xml.XmlConvert.ToBoolean(Text(value)),
            "DateTime" => DateTimeOffset.Parse(Text(value), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).UtcDateTime,
            "DateOnly" => DateOnly.Parse(Text(value), CultureInfo.InvariantCulture),
            _ => Text(value),
        },
        _ => null,
    };

    private static string Text(JsonValue value) => Expressions.TemplateExpression.Text(value);
}
