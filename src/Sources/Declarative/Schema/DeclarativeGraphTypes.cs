using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Declarative.Connectors;
using Gateway.Sources.Declarative.Definitions;
using Gateway.Sources.Declarative.Expressions;
using Gateway.Sources.Common.Authorization;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Declarative.Schema;

/// <summary>
/// The graph types the source files declare, built once: their own object, enum and input types (registered with the
/// schema), and the fields they add to the gateway's code-first types (handed to those types by
/// <see cref="DeclarativeFieldContributor{TGraphType}"/>). Types refer to each other by name, so a source file may
/// use any type of the schema.
/// </summary>
public sealed class DeclarativeGraphTypes
{
    private readonly SourceModel _model;
    private readonly Dictionary<string, IGraphType> _types = new(StringComparer.Ordinal);

    public DeclarativeGraphTypes(SourceModel model)
    {
        _model = model;
        foreach (var (name, declared) in model.Types)
        {
            _types[name] = declared.Definition switch
            {
                GraphQLEnumTypeDefinition enumType => BuildEnum(enumType),
                GraphQLInputObjectTypeDefinition input => BuildInput(input),
                _ => new ObjectGraphType { Name = name, Description = Description(declared.Definition.Description) },
            };
        }
        foreach (var (name, declared) in model.Types)
        {
            if (declared.Definition is GraphQLObjectTypeDefinition definition)
            {
                var type = (ObjectGraphType)_types[name];
                foreach (var field in definition.Fields?.Items ?? [])
                {
                    type.AddField(BuildField(field, null));
                }
                foreach (var extension in model.Extensions.GetValueOrDefault(name) ?? [])
                {
                    type.AddField(BuildField(extension.Definition, extension.Connector));
                }
            }
        }
    }

    /// <summary>The types the files own, for the schema to register.</summary>
    public IEnumerable<IGraphType> Types => _types.Values;

    /// <summary>Adds the fields the files declare for <paramref name="type"/> (a code-first type, by its name).</summary>
    public void Extend(IComplexGraphType type)
    {
        if (_types.ContainsKey(type.Name))
        {
            return;
        }
        foreach (var extension in _model.Extensions.GetValueOrDefault(type.Name) ?? [])
        {
            type.AddField(BuildField(extension.Definition, extension.Connector));
        }
    }

    /// <summary>
    /// After the schema is built: every name the files use exists and every extension reached its type. The first
    /// that did not is reported at its place in its file.
    /// </summary>
    public void Check(ISchema schema)
    {
        foreach (var reference in _model.ExternalReferences)
        {
            if (schema.AllTypes[reference.Name] is null)
            {
                throw reference.Error();
            }
        }
        foreach (var (target, fields) in _model.Extensions)
        {
            foreach (var field in fields)
            {
                if (schema.AllTypes[target] is not IComplexGraphType type || !type.HasField(field.Definition.Name.StringValue))
                {
                    throw field.File.Error(field.Definition.Name,
                        $"'{target}' cannot be extended: it is not an object type of the schema, or its code-first graph type takes no field contributors");
                }
            }
        }
    }

    /// <summary>The file error behind a schema that did not build because a file named a type that does not exist, if that is why.</summary>
    public SourceFileException? Explain(Exception schemaError) =>
        _model.ExternalReferences.FirstOrDefault(r => schemaError.Message.Contains($"'{r.Name}'", StringComparison.Ordinal))?.Error();

    private FieldType BuildField(GraphQLFieldDefinition definition, Connector? connector)
    {
        var name = definition.Name.StringValue;
        var typeName = SourceCompiler.NamedType(definition.Type).Name.StringValue;
        var isObject = _model.Types.TryGetValue(typeName, out var declared) && declared.Definition is GraphQLObjectTypeDefinition
            || (!IsScalarName(typeName) && !_model.Types.ContainsKey(typeName));
        var field = new FieldType
        {
            Name = name,
            Description = Description(definition.Description),
            DeprecationReason = Deprecation(definition),
            ResolvedType = TypeOf(definition.Type),
            Arguments = new QueryArguments((definition.Arguments?.Items ?? []).Select(argument => new QueryArgument(TypeOf(argument.Type))
            {
                Name = argument.Name.StringValue,
                Description = Description(argument.Description),
            })),
        };
        if (SourceCompiler.RequiredScope(definition) is { } scope)
        {
            // The same enforcement as hand-written fields: the schema visitor wraps the resolver, so a refused
            // field makes no upstream call.
            field.RequireScope(scope);
        }
        field.Resolver = connector is null
            ? new FuncFieldResolver<object?>(context => Convert(connector, (context.Source as JsonNode)?[name], definition.Type, isObject))
            : new FuncFieldResolver<object?>(context => Resolve(context, connector, definition.Type, isObject));
        return field;
    }

    private static object? Resolve(IResolveFieldContext context, Connector connector, GraphQLType type, bool isObject)
    {
        var arguments = new JsonObject();
        if (context.Arguments is { } given)
        {
            foreach (var (name, value) in given)
            {
                arguments[name] = JsonValues.FromArgument(value.Value);
            }
        }
        var scope = new Scope(This: JsonValues.FromSource(context.Source), Args: arguments);
        var key = connector.Key.Evaluate(scope);
        if (key is null)
        {
            // A parent without the key (an address without a city, say) has nothing to look up.
            return null;
        }
        var loader = context.RequestServices!.GetRequiredService<ConnectorLoaders>().For(connector);
        if (key is JsonArray keys && Unwrapped(type) is GraphQLListType list)
        {
            // A list field whose key is a list (ids: [ID!]!) loads every key in one batch; a failed key fails its item only.
            return loader.LoadMany([.. keys.Select(k => k?.ToJsonString() ?? "null")])
                .AsListWithItemErrors(context)
                .Then(items => (object?)items.Select((item, i) => item is null ? null
                    : Convert(connector, Selected(connector, item, scope with { Key = keys[i] }), list.Type, isObject)).ToList());
        }
        return loader.Load(key.ToJsonString()).Then(item =>
        {
            if (item is null)
            {
                return null;
            }
            return Convert(connector, Selected(connector, item, scope with { Key = key }), type, isObject);
        });
    }

    private static JsonNode? Selected(Connector connector, ConnectorItem item, Scope scope) =>
        connector.Select is null ? item.Node : connector.Select.Evaluate(scope with { Item = item.Node });

    private static GraphQLType Unwrapped(GraphQLType type) => type is GraphQLNonNullType nonNull ? nonNull.Type : type;

    private static object? Convert(Connector? connector, JsonNode? node, GraphQLType type, bool isObject)
    {
        try
        {
            return type switch
            {
                GraphQLNonNullType nonNull => Convert(connector, node, nonNull.Type, isObject),
                GraphQLListType list => node is JsonArray items
                    ? items.Select(item => Convert(connector, item, list.Type, isObject)).ToList()
                    : node is null ? null : throw new FormatException("a single value where a list belongs"),
                _ => JsonValues.ToField(node, ((GraphQLNamedType)type).Name.StringValue, isObject),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or JsonException or OverflowException)
        {
            var source = connector?.Source ?? "an upstream";
            throw new UpstreamError(source, $"The {source} upstream answered a value that does not fit the schema.", ex);
        }
    }

    private static bool IsScalarName(string name) =>
        name is "String" or "Int" or "Float" or "Boolean" or "ID" or "Decimal" or "DateTime" or "DateOnly";

    private static IGraphType TypeOf(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => new NonNullGraphType(TypeOf(nonNull.Type)),
        GraphQLListType list => new ListGraphType(TypeOf(list.Type)),
        _ => new GraphQLTypeReference(((GraphQLNamedType)type).Name.StringValue),
    };

    private static EnumerationGraphType BuildEnum(GraphQLEnumTypeDefinition definition)
    {
        var type = new EnumerationGraphType { Name = definition.Name.StringValue, Description = Description(definition.Description) };
        foreach (var value in definition.Values?.Items ?? [])
        {
            type.Add(new EnumValueDefinition(value.Name.StringValue, value.Name.StringValue) { Description = Description(value.Description) });
        }
        return type;
    }

    private static InputObjectGraphType BuildInput(GraphQLInputObjectTypeDefinition definition)
    {
        var type = new InputObjectGraphType { Name = definition.Name.StringValue, Description = Description(definition.Description) };
        foreach (var field in definition.Fields?.Items ?? [])
        {
            type.AddField(new FieldType { Name = field.Name.StringValue, Description = Description(field.Description), ResolvedType = TypeOf(field.Type) });
        }
        return type;
    }

    private static string? Description(GraphQLDescription? description) => description?.Value.ToString();

    private static string? Deprecation(GraphQLFieldDefinition field) =>
        field.Directives?.Items.FirstOrDefault(d => d.Name.StringValue == "deprecated") is { } deprecated
            ? deprecated.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "reason")?.Value is GraphQLStringValue reason
                ? reason.Value.ToString()
                : "No longer supported"
            : null;
}

/// <summary>Hands every code-first graph type that takes contributors the fields the source files add to it.</summary>
public sealed class DeclarativeFieldContributor<TGraphType>(DeclarativeGraphTypes types) : Common.Schema.IFieldContributor<TGraphType>
    where TGraphType : IComplexGraphType
{
    public void Contribute(TGraphType type) => types.Extend(type);
}
