using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Declarative.Connectors;
using Gateway.Sources.Declarative.Definitions;
using Gateway.Sources.Declarative.Expressions;
using Gateway.Sources.Common.Authorization;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Common.Schema;
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
    private readonly Dictionary<string, Dictionary<string, string>> _enumValues = new(StringComparer.Ordinal);

    public DeclarativeGraphTypes(SourceModel model)
    {
        _model = model;
        foreach (var (name, declared) in model.Types)
        {
            _types[name] = declared.Definition switch
            {
                GraphQLEnumTypeDefinition enumType => BuildEnum(enumType, _enumValues),
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
                    type.AddField(BuildField(field, null, subscription: false));
                }
                foreach (var extension in model.Extensions.GetValueOrDefault(name) ?? [])
                {
                    type.AddField(BuildField(extension.Definition, extension.Connector, subscription: false));
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
            type.AddField(BuildField(extension.Definition, extension.Connector, subscription: type.Name == "Subscription"));
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

    private FieldType BuildField(GraphQLFieldDefinition definition, Connector? connector, bool subscription)
    {
        var name = definition.Name.StringValue;
        var typeName = SourceCompiler.NamedType(definition.Type).Name.StringValue;
        var isObject = _model.Types.TryGetValue(typeName, out var declared) && declared.Definition is GraphQLObjectTypeDefinition
            || (!IsScalarName(typeName) && !_model.Types.ContainsKey(typeName));
        var arguments = (definition.Arguments?.Items ?? []).ToList();
        var field = new FieldType
        {
            Name = name,
            Description = Description(definition.Description),
            DeprecationReason = Deprecation(definition),
            ResolvedType = TypeOf(definition.Type),
            Arguments = new QueryArguments(arguments.Select(argument => new QueryArgument(TypeOf(argument.Type))
            {
                Name = argument.Name.StringValue,
                Description = Description(argument.Description),
                DefaultValue = argument.DefaultValue is { } value ? ArgumentConstraints.Literal(value) : null,
            })),
        };
        if (SourceCompiler.RequiredScope(definition) is { } scope)
        {
            // The same enforcement as hand-written fields: the schema visitor wraps the resolver, so a refused
            // field makes no upstream call.
            field.RequireScope(scope);
        }
        if (connector is null)
        {
            field.Resolver = new FuncFieldResolver<object?>(context => Convert(null, (context.Source as JsonNode)?[name], definition.Type, isObject));
            return field;
        }
        var constraints = ArgumentConstraints.Of(arguments, connector.Source);
        if (subscription)
        {
            field.StreamResolver = new SourceStreamResolver<object>(context => Watch(context, connector, constraints));
            field.Resolver = new FuncFieldResolver<object?>(context =>
            {
                // An event is resolved afresh: the subscription's loaders forget what they loaded for the last one.
                SubscriptionEvents.Resolve(context);
                return Convert(connector, context.Source as JsonNode, definition.Type, isObject);
            });
            return field;
        }
        field.Resolver = new FuncFieldResolver<object?>(context => Resolve(context, connector, constraints, definition.Type, isObject));
        return field;
    }

    /// <summary>The field's key for this parent and these arguments (checked against the arguments' constraints first).</summary>
    private static (JsonNode? Key, Scope Scope) KeyOf(IResolveFieldContext context, Connector connector, ArgumentConstraints constraints)
    {
        var arguments = new JsonObject();
        if (context.Arguments is { } given)
        {
            foreach (var (name, value) in given)
            {
                arguments[name] = JsonValues.FromArgument(value.Value);
            }
        }
        constraints.Check(arguments);
        var scope = new Scope(This: JsonValues.FromSource(context.Source), Args: arguments);
        return (connector.Key.Evaluate(scope), scope);
    }

    private object? Resolve(IResolveFieldContext context, Connector connector, ArgumentConstraints constraints, GraphQLType type, bool isObject)
    {
        var (key, scope) = KeyOf(context, connector, constraints);
        if (key is null)
        {
            // A parent without the key (an address without a city, say) has nothing to look up.
            return null;
        }
        var loader = context.RequestServices!.GetRequiredService<ConnectorLoaders>().For(connector.Fetch);
        if (key is JsonArray keys && Unwrapped(type) is GraphQLListType list)
        {
            // A list field whose key is a list (ids: [ID!]!) loads every key in one batch; a failed key fails its item only.
            return loader.LoadMany([.. keys.Select(k => k?.ToJsonString() ?? "null")])
                .AsListWithItemErrors(context)
                .Then(items => (object?)items.Select((item, i) =>
                {
                    if (item is null)
                    {
                        return null;
                    }
                    var value = Convert(connector, connector.ValueOf(item, scope with { Key = keys[i] }), list.Type, isObject);
                    // An item served stale marks what the field returns for it.
                    Common.Caching.StaleValues.Propagate(item, value);
                    return value;
                }).ToList());
        }
        return loader.Load(key.ToJsonString()).Then(item =>
        {
            if (item is null)
            {
                return null;
            }
            return Convert(connector, connector.ValueOf(item, scope with { Key = key }), type, isObject);
        });
    }

    /// <summary>A subscription field: the changes of its key's value, polled for as long as someone listens.</summary>
    private static IObservable<object?> Watch(IResolveFieldContext context, Connector connector, ArgumentConstraints constraints)
    {
        var (key, _) = KeyOf(context, connector, constraints);
        if (key is null)
        {
            throw new BadUserInputError($"'{context.FieldDefinition.Name}' needs a value to watch.", connector.Source);
        }
        var text = key.ToJsonString();
        var services = context.RequestServices!;
        var poller = services.GetRequiredService<ConnectorPoller>();
        var changes = services.GetRequiredService<IEventBus>().Subscribe<object>(ConnectorPoller.Channel(connector, text),
            message => JsonNode.Parse(message.Span));
        return new WatchedStream(changes, () => poller.Watch(connector, text));
    }

    private static GraphQLType Unwrapped(GraphQLType type) => type is GraphQLNonNullType nonNull ? nonNull.Type : type;

    private object? Convert(Connector? connector, JsonNode? node, GraphQLType type, bool isObject)
    {
        try
        {
            return type switch
            {
                GraphQLNonNullType nonNull => Convert(connector, node, nonNull.Type, isObject),
                GraphQLListType list => node is JsonArray items
                    ? items.Select(item => Convert(connector, item, list.Type, isObject)).ToList()
                    : node is null ? null : throw new FormatException("a single value where a list belongs"),
                GraphQLNamedType named when node is not null && _enumValues.TryGetValue(named.Name.StringValue, out var values) => EnumValue(node, values),
                _ => JsonValues.ToField(node, ((GraphQLNamedType)type).Name.StringValue, isObject),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or JsonException or OverflowException)
        {
            var source = connector?.Source ?? "an upstream";
            throw new UpstreamError(source, $"The {source} upstream answered a value that does not fit the schema.", ex);
        }
    }

    /// <summary>An upstream's text as a value of the enum: case, '_', '-' and spaces do not matter (PartlyCloudy is PARTLY_CLOUDY).</summary>
    private static string EnumValue(JsonNode node, Dictionary<string, string> values) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && values.TryGetValue(EnumKey(text), out var name)
            ? name
            : throw new FormatException("a value the enum does not have");

    private static string EnumKey(string text) =>
        string.Concat(text.Where(c => c is not ('_' or '-' or ' '))).ToUpperInvariant();

    private static bool IsScalarName(string name) =>
        name is "String" or "Int" or "Float" or "Boolean" or "ID" or "Decimal" or "DateTime" or "DateOnly";

    private static IGraphType TypeOf(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => new NonNullGraphType(TypeOf(nonNull.Type)),
        GraphQLListType list => new ListGraphType(TypeOf(list.Type)),
        _ => new GraphQLTypeReference(((GraphQLNamedType)type).Name.StringValue),
    };

    private static EnumerationGraphType BuildEnum(GraphQLEnumTypeDefinition definition, Dictionary<string, Dictionary<string, string>> lookups)
    {
        var type = new EnumerationGraphType { Name = definition.Name.StringValue, Description = Description(definition.Description) };
        var lookup = lookups[type.Name] = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in definition.Values?.Items ?? [])
        {
            var name = value.Name.StringValue;
            type.Add(new EnumValueDefinition(name, name) { Description = Description(value.Description) });
            lookup.TryAdd(EnumKey(name), name);
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

/// <summary>Listens to the changes and keeps the key polled for as long as someone does.</summary>
internal sealed class WatchedStream(IObservable<object> changes, Func<IDisposable> watch) : IObservable<object?>
{
    public IDisposable Subscribe(IObserver<object?> observer)
    {
        var listening = changes.Subscribe(observer);
        var watching = watch();
        return new Both(listening, watching);
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}

/// <summary>Hands every code-first graph type that takes contributors the fields the source files add to it.</summary>
public sealed class DeclarativeFieldContributor<TGraphType>(DeclarativeGraphTypes types) : Common.Schema.IFieldContributor<TGraphType>
    where TGraphType : IComplexGraphType
{
    public void Contribute(TGraphType type) => types.Extend(type);
}
