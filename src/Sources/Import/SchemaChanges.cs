using GraphQLParser;
using GraphQLParser.AST;

namespace Gateway.Sources.Import;

/// <summary>One difference between a source file and what its service's description makes now.</summary>
public sealed record SchemaChange(bool Breaking, string Description);

/// <summary>
/// Compares two source files as a client sees them: a removed field, argument, enum value or union member, a
/// changed type, and a new required argument or input field break clients; additions do not. A field that became
/// non-null (of an output) or nullable (of an input) is safe.
/// </summary>
public static class SchemaChanges
{
    public static List<SchemaChange> Compare(string before, string after)
    {
        var old = Read(before);
        var now = Read(after);
        var changes = new List<SchemaChange>();
        foreach (var (name, type) in old)
        {
            if (!now.TryGetValue(name, out var current))
            {
                changes.Add(new(true, name is "Query" or "Mutation" ? $"every {name.ToLowerInvariant()} field was removed" : $"type {name} was removed"));
                continue;
            }
            if (type.Kind != current.Kind)
            {
                changes.Add(new(true, $"{name} is now {current.Kind.ToString().ToLowerInvariant()}, not {type.Kind.ToString().ToLowerInvariant()}"));
                continue;
            }
            var input = type.Kind == Kind.Input;
            foreach (var (fieldName, field) in type.Fields)
            {
                var coordinate = name is "Query" or "Mutation" ? $"{name}.{fieldName} (an operation)" : $"{name}.{fieldName}";
                if (!current.Fields.TryGetValue(fieldName, out var currentField))
                {
                    changes.Add(new(true, $"{coordinate} was removed"));
                    continue;
                }
                if (field.Type != currentField.Type)
                {
                    changes.Add(new(!Safe(field.Type, currentField.Type, input), $"{coordinate} changed type from {field.Type} to {currentField.Type}"));
                }
                foreach (var (argument, argumentType) in field.Arguments)
                {
                    if (!currentField.Arguments.TryGetValue(argument, out var nowType))
                    {
                        changes.Add(new(true, $"argument {argument} of {coordinate} was removed"));
                    }
                    else if (argumentType.Type != nowType.Type)
                    {
                        changes.Add(new(!Safe(argumentType.Type, nowType.Type, input: true), $"argument {argument} of {coordinate} changed type from {argumentType.Type} to {nowType.Type}"));
                    }
                }
                foreach (var (argument, argumentType) in currentField.Arguments.Where(a => !field.Arguments.ContainsKey(a.Key)))
                {
                    var required = argumentType.Type.EndsWith('!') && !argumentType.HasDefault;
                    changes.Add(new(required, $"{(required ? "required" : "optional")} argument {argument} was added to {coordinate}"));
                }
            }
            foreach (var (fieldName, field) in current.Fields.Where(f => !type.Fields.ContainsKey(f.Key)))
            {
                var required = input && field.Type.EndsWith('!') && !field.HasDefault;
                changes.Add(new(required, required ? $"required input field {name}.{fieldName} was added" : $"{name}.{fieldName} was added"));
            }
            foreach (var value in type.Values.Where(v => !current.Values.Contains(v)))
            {
                changes.Add(new(true, $"{(type.Kind == Kind.Union ? "member" : "value")} {value} of {name} was removed"));
            }
            foreach (var value in current.Values.Where(v => !type.Values.Contains(v)))
            {
                changes.Add(new(false, $"{(type.Kind == Kind.Union ? "member" : "value")} {value} was added to {name}"));
            }
        }
        foreach (var name in now.Keys.Where(n => !old.ContainsKey(n)).Order(StringComparer.Ordinal))
        {
            changes.Add(new(false, $"type {name} was added"));
        }
        return changes;
    }

    /// <summary>An output that became non-null, or an input or argument that became nullable.</summary>
    private static bool Safe(string before, string after, bool input) =>
        input ? before == after + "!" : after == before + "!";

    private enum Kind
    {
        Object,
        Input,
        Enum,
        Union,
    }

    private sealed record Field(string Type, bool HasDefault, Dictionary<string, Field> Arguments);

    private sealed record Type(Kind Kind, Dictionary<string, Field> Fields, HashSet<string> Values);

    private static Dictionary<string, Type> Read(string text)
    {
        var document = Parser.Parse(text, new ParserOptions { Ignore = IgnoreOptions.All });
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case GraphQLObjectTypeExtension extension:
                    Add(extension.Name.StringValue, Kind.Object, extension.Fields?.Items);
                    break;
                case GraphQLObjectTypeDefinition obj:
                    Add(obj.Name.StringValue, Kind.Object, obj.Fields?.Items);
                    break;
                case GraphQLInputObjectTypeDefinition input:
                    types[input.Name.StringValue] = new Type(Kind.Input,
                        (input.Fields?.Items ?? []).ToDictionary(f => f.Name.StringValue, f => new Field(Print(f.Type), f.DefaultValue is not null, []), StringComparer.Ordinal), []);
                    break;
                case GraphQLEnumTypeDefinition enumType:
                    types[enumType.Name.StringValue] = new Type(Kind.Enum, [], (enumType.Values?.Items ?? []).Select(v => v.Name.StringValue).ToHashSet(StringComparer.Ordinal));
                    break;
                case GraphQLUnionTypeDefinition union:
                    types[union.Name.StringValue] = new Type(Kind.Union, [], (union.Types?.Items ?? []).Select(v => v.Name.StringValue).ToHashSet(StringComparer.Ordinal));
                    break;
            }
        }
        return types;

        void Add(string name, Kind kind, IEnumerable<GraphQLFieldDefinition>? fields)
        {
            if (!types.TryGetValue(name, out var type))
            {
                types[name] = type = new Type(kind, new(StringComparer.Ordinal), []);
            }
            foreach (var field in fields ?? [])
            {
                type.Fields[field.Name.StringValue] = new Field(Print(field.Type), false,
                    (field.Arguments?.Items ?? []).ToDictionary(a => a.Name.StringValue, a => new Field(Print(a.Type), a.DefaultValue is not null, []), StringComparer.Ordinal));
            }
        }
    }

    private static string Print(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => Print(nonNull.Type) + "!",
        GraphQLListType list => "[" + Print(list.Type) + "]",
        _ => ((GraphQLNamedType)type).Name.StringValue,
    };
}
