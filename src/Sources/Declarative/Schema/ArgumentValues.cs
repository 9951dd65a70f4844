using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;

namespace Gateway.Sources.Declarative.Schema;

/// <summary>
/// A field's arguments as the JSON object expressions read as <c>$args</c>, walked with their graph types: enum
/// values by their GraphQL names (<c>DESC</c>, whatever CLR value a code-first enum uses), input objects by their
/// field names whether GraphQL.NET made them dictionaries (declarative inputs) or objects (code-first inputs), and an
/// instant without a zone as UTC. What the upstream calls things wins: an input field renamed with <c>@from</c> is
/// its upstream name, an enum value of a file its upstream spelling, and a <c>@oneOf @inline</c> input the value of
/// its one given field.
/// </summary>
internal static class ArgumentValues
{
    /// <summary>Metadata of an input field a file renamed with <c>@from</c>: the name the upstream is sent.</summary>
    public const string UpstreamName = "gateway:upstreamName";

    /// <summary>Metadata of a <c>@oneOf @inline</c> input: the upstream is sent the given field's value itself.</summary>
    public const string Inline = "gateway:inline";

    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    /// <summary>
    /// The arguments of a field that declares none, shared: nothing adds to it, and what reads it copies what it keeps
    /// (a path is never adopted as it is). Its members are initialised here, once, so concurrent reads find them made.
    /// </summary>
    private static readonly JsonObject None = Initialised(new JsonObject());

    private static JsonObject Initialised(JsonObject empty)
    {
        _ = empty.Count;
        return empty;
    }

    public static JsonObject Of(IResolveFieldContext context)
    {
        if (context.FieldDefinition.Arguments is not { Count: > 0 } declared)
        {
            return None;
        }
        var arguments = new JsonObject();
        if (context.Arguments is not { } given)
        {
            return arguments;
        }
        foreach (var argument in declared)
        {
            if (given.TryGetValue(argument.Name, out var value))
            {
                arguments[argument.Name] = From(value.Value, argument.ResolvedType);
            }
        }
        return arguments;
    }

    public static JsonNode? From(object? value, IGraphType? type)
    {
        switch (type)
        {
            case null when value is null:
                return null;
            case NonNullGraphType nonNull:
                return From(value, nonNull.ResolvedType);
            case ListGraphType list when value is IEnumerable items and not string:
                return new JsonArray([.. items.Cast<object?>().Select(item => From(item, list.ResolvedType))]);
            case EnumerationGraphType enumeration when value is not null:
                // A file's enum values are their upstream spellings; a code-first enum's CLR values go by their names.
                return JsonValue.Create(value as string ?? enumeration.Values.FindByValue(value)?.Name ?? value.ToString());
            case IInputObjectGraphType input when value is not null:
                var inline = input.GetMetadata(Inline, false);
                var result = new JsonObject();
                foreach (var field in input.Fields)
                {
                    if (Member(value, field.Name, out var member) && member is not null)
                    {
                        if (inline)
                        {
                            return From(member, field.ResolvedType);
                        }
                        result[field.GetMetadata<string?>(UpstreamName) ?? field.Name] = From(member, field.ResolvedType);
                    }
                }
                return result;
        }
        return value switch
        {
            null => null,
            JsonNode node => node.DeepClone(),
            string text => JsonValue.Create(text),
            bool flag => JsonValue.Create(flag),
            int number => JsonValue.Create(number),
            long number => JsonValue.Create(number),
            double number => JsonValue.Create(number),
            decimal number => JsonValue.Create(number),
            // Instants as ISO 8601 text (xs:dateTime), which JSON and XML upstreams both read.
            DateTime time => JsonValue.Create(System.Xml.XmlConvert.ToString(
                time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time, System.Xml.XmlDateTimeSerializationMode.Utc)),
            DateTimeOffset time => JsonValue.Create(System.Xml.XmlConvert.ToString(time)),
            DateOnly day => JsonValue.Create(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            IDictionary<string, object?> map => new JsonObject(map.Select(pair => KeyValuePair.Create(pair.Key, From(pair.Value, null)))),
            IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(item => From(item, null))]),
            _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>A field of an input value: a dictionary's entry, or the property of that name (any case) of a code-first input object.</summary>
    private static bool Member(object value, string name, out object? member)
    {
        if (value is IDictionary<string, object?> map)
        {
            return map.TryGetValue(name, out member);
        }
        var property = Properties.GetOrAdd((value.GetType(), name), static key =>
            key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase));
        member = property?.GetValue(value);
        return property is not null;
    }
}
