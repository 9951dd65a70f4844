using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Declarative.Connectors;
using Gateway.Sources.Declarative.Definitions;
using Gateway.Sources.Declarative.Expressions;
using Gateway.Sources.Common.Authorization;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Common.Relay;
using Gateway.Sources.Common.Resilience;
using Gateway.Sources.Common.Schema;
using GraphQL;
using GraphQL.DataLoader;
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
    private readonly IEventBus _bus;
    private readonly ConnectorPoller _poller;
    private readonly Dictionary<string, IGraphType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumSpellings> _enumValues = new(StringComparer.Ordinal);

    public DeclarativeGraphTypes(SourceModel model, IEnumerable<INamedTypeContributor> contributors, IEventBus bus, ConnectorPoller poller)
    {
        _model = model;
        _bus = bus;
        _poller = poller;
        foreach (var (name, declared) in model.Types)
        {
            _types[name] = declared.Definition switch
            {
                GraphQLEnumTypeDefinition enumType => BuildEnum(enumType, _enumValues),
                GraphQLInputObjectTypeDefinition input => BuildInput(input),
                GraphQLUnionTypeDefinition union => new UnionGraphType { Name = name, Description = Description(union.Description) },
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
                    type.AddField(BuildField(field, null, null, name));
                }
                foreach (var extension in model.Extensions.GetValueOrDefault(name) ?? [])
                {
                    type.AddField(BuildField(extension.Definition, extension.Connector, extension.Events, name));
                }
            }
        }
        foreach (var (name, declared) in model.Types)
        {
            if (declared.Definition is GraphQLUnionTypeDefinition definition)
            {
                BuildUnion((UnionGraphType)_types[name], definition);
            }
            else if (declared.Definition is GraphQLObjectTypeDefinition node && SourceCompiler.IsNode(node))
            {
                var typeName = name;
                var fetch = _model.TypeConnectors[typeName].Fetch;
                ((ObjectGraphType)_types[name]).ImplementNode(new NodeLoader((context, ids) => LoadNodes(context, typeName, ids),
                    Accepts: id => fetch.Accepts(JsonValue.Create(id))));
            }
        }
        // Code-first sources add fields to declarative types by name (payments adds Customer.payments); a type no
        // file declares (its source is not configured) gets none.
        foreach (var contributor in contributors)
        {
            if (_types.GetValueOrDefault(contributor.TypeName) is ObjectGraphType target)
            {
                contributor.Contribute(target);
            }
        }
    }

    /// <summary>Whether a file names <paramref name="typeName"/> without declaring it (one of the gateway's code-first types).</summary>
    public bool References(string typeName) => _model.ExternalReferences.Any(reference => reference.Name == typeName);

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
            type.AddField(BuildField(extension.Definition, extension.Connector, extension.Events, type.Name));
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
        foreach (var reference in _model.NodeIdReferences)
        {
            if (schema.AllTypes[reference.Name] is not IObjectGraphType node || node.ResolvedInterfaces.All(i => i.Name != NodeTypes.InterfaceName))
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

    private FieldType BuildField(GraphQLFieldDefinition definition, Connector? connector, EventFeed? events, string parentType)
    {
        var name = definition.Name.StringValue;
        var typeName = SourceCompiler.NamedType(definition.Type).Name.StringValue;
        var shape = ShapeOf(definition.Type);
        var arguments = (definition.Arguments?.Items ?? []).ToList();
        var field = new FieldType
        {
            Name = name,
            Description = Description(definition.Description),
            DeprecationReason = Deprecation(definition),
            ResolvedType = TypeOf(definition.Type),
            Arguments = new QueryArguments(arguments.Select(argument =>
            {
                var built = new QueryArgument(TypeOf(argument.Type))
                {
                    Name = argument.Name.StringValue,
                    Description = Description(argument.Description),
                    DefaultValue = DefaultOf(argument.DefaultValue, argument.Type),
                };
                return SourceCompiler.NodeId(argument.Directives) is { } node ? built.TakesIdsOf(node) : built;
            })),
        };
        if (SourceCompiler.RequiredScope(definition) is { } scope)
        {
            // The same enforcement as hand-written fields: the schema visitor wraps the resolver, so a refused
            // field makes no upstream call.
            field.RequireScope(scope);
        }
        if (events is not null)
        {
            var filter = ArgumentConstraints.Of(arguments, events.Source);
            field.StreamResolver = new SourceStreamResolver<object>(context => Listen(context, events, filter));
            field.Resolver = new FuncFieldResolver<object?>(context =>
            {
                SubscriptionEvents.Resolve(context);
                return Convert(context, null, context.Source as JsonNode, shape);
            });
            return field;
        }
        if (connector is null)
        {
            // A field of a source's own type: the item's member of that name. An upstream that leaves out a non-null
            // one broke its contract, which is its error at that field, not the gateway's.
            var owner = _model.Types.GetValueOrDefault(parentType)?.Source ?? "an upstream";
            var required = definition.Type is GraphQLNonNullType;
            var member = SourceCompiler.From(definition.Directives) ?? name;
            var xmlList = shape.Item is not null && _model.Fetches.Any(fetch => fetch.Source == owner && fetch.Soap is not null);
            // A Relay node's id is the upstream's id made global: unique across types, and what node(id:) takes. Its
            // type is given as Node's is (the schema checks the interface before it resolves type references).
            var globalId = name == "id" && _model.Types.GetValueOrDefault(parentType)?.Definition is GraphQLObjectTypeDefinition parentDefinition && SourceCompiler.IsNode(parentDefinition);
            if (globalId)
            {
                field.ResolvedType = null;
                field.Type = typeof(NonNullGraphType<IdGraphType>);
            }
            field.Resolver = new FuncFieldResolver<object?>(context =>
            {
                var value = context.Source is JsonObject parent ? JsonMembers.Find(parent, member) : null;
                if (xmlList)
                {
                    value = AsList(value);
                }
                if (globalId && value is JsonValue local)
                {
                    value = JsonValue.Create(GlobalId.Encode(parentType, TemplateExpression.Text(local)));
                }
                return value is null && required
                    ? throw new UpstreamError(owner, $"The {owner} upstream answered without '{name}'.")
                    : Convert(context, null, value, shape);
            });
            return field;
        }
        var constraints = ArgumentConstraints.Of(arguments, connector.Source);
        if (parentType == "Subscription")
        {
            field.StreamResolver = new SourceStreamResolver<object>(context => Watch(context, connector, constraints));
            field.Resolver = new FuncFieldResolver<object?>(context =>
            {
                // An event is resolved afresh: the subscription's loaders forget what they loaded for the last one.
                SubscriptionEvents.Resolve(context);
                return Convert(context, connector, context.Source as JsonNode, shape);
            });
            return field;
        }
        if (connector.Mutation is not null)
        {
            field.Resolver = Inject<MutationCall, RequestDeadline>.IntoAsync(async (context, call, deadline) =>
            {
                var value = await call.RunAsync(connector, ScopeOf(context, connector, constraints), deadline, context.CancellationToken).ConfigureAwait(false);
                return Convert(context, connector, value, shape);
            });
            return field;
        }
        if (connector.Paging is not null)
        {
            field.Resolver = Inject<ConnectorClient, RequestDeadline>.IntoAsync(async (context, client, deadline) =>
            {
                var scope = ScopeOf(context, connector, constraints);
                var page = await deadline.RunAsync(connector.Source, token => PagedCall.FetchAsync(client, connector, scope, token)).ConfigureAwait(false);
                return Convert(context, connector, page, shape);
            });
            return field;
        }
        field.Resolver = Inject<ConnectorLoaders>.Into((context, loaders) => Resolve(context, loaders, connector, constraints, shape));
        return field;
    }

    /// <summary>
    /// The arguments and parent a connector's expressions read, checked first: the arguments' constraints, then, for a
    /// SOAP upstream, that XML can carry every text (<c>BAD_USER_INPUT</c> naming the argument, and no call).
    /// </summary>
    private static Scope ScopeOf(IResolveFieldContext context, Connector connector, ArgumentConstraints constraints)
    {
        var arguments = ArgumentValues.Of(context);
        constraints.Check(arguments);
        if (connector.Fetch.Soap is not null && connector.Mutation is null && Unsendable.Find(arguments, connector.Source) is { } unsendable)
        {
            throw new BadUserInputError(unsendable.Message, connector.Source, string.Join('.', unsendable.Path));
        }
        return new Scope(This: JsonValues.FromSource(context.Source), Args: arguments);
    }

    /// <summary>The field's key for this parent and these arguments.</summary>
    private static (JsonNode? Key, Scope Scope) KeyOf(IResolveFieldContext context, Connector connector, ArgumentConstraints constraints)
    {
        var scope = ScopeOf(context, connector, constraints);
        return (connector.Key.Evaluate(scope), scope);
    }

    private object? Resolve(IResolveFieldContext context, ConnectorLoaders loaders, Connector connector, ArgumentConstraints constraints, Shape shape)
    {
        var (key, scope) = KeyOf(context, connector, constraints);
        if (key is null)
        {
            // A parent without the key (an address without a city, say) has nothing to look up.
            return null;
        }
        var loader = loaders.For(connector.Fetch);
        if (key is JsonArray keys && shape.Item is { } itemShape)
        {
            return ResolveList(context, loader, connector, scope, keys, itemShape);
        }
        if (!connector.Fetch.Accepts(key))
        {
            throw connector.Fetch.Refusal(key);
        }
        return loader.Load(key.ToJsonString(), context, ConvertLoaded, (Types: this, Connector: connector, Scope: scope, Key: key, Shape: shape));
    }

    // Apart from Resolve, so that only a list field pays for the closures its steps need.
    private object ResolveList(IResolveFieldContext context, ConnectorDataLoader loader, Connector connector, Scope scope, JsonArray keys, Shape itemShape)
    {
        // A list field whose key is a list (ids: [ID!]!) loads every key in one batch; a failed key fails its item
        // only, and so does a key the fetch's check refuses, which is never sent.
        var fetch = connector.Fetch;
        var accepted = keys.Select(fetch.Accepts).ToList();
        return loader.LoadMany([.. keys.Where((_, i) => accepted[i]).Select(k => k?.ToJsonString() ?? "null")])
            .Then(loaded =>
            {
                var next = 0;
                return (IReadOnlyList<LoadResult<ConnectorItem>>)[.. keys.Select((k, i) =>
                    accepted[i] ? loaded[next++] : LoadResult<ConnectorItem>.Failed(fetch.Refusal(k)))];
            })
            .AsListWithItemErrors(context)
            .Then(items => (object?)items.Select((item, i) =>
            {
                if (item is null)
                {
                    return null;
                }
                return Convert(context, connector, connector.ValueOf(item, scope, keys[i]), itemShape);
            }).ToList());
    }

    private static readonly Func<ConnectorItem, (DeclarativeGraphTypes Types, Connector Connector, Scope Scope, JsonNode Key, Shape Shape), IResolveFieldContext, object?> ConvertLoaded =
        static (item, field, context) => field.Types.Convert(context, field.Connector, field.Connector.ValueOf(item, field.Scope, field.Key), field.Shape);

    /// <summary>
    /// Objects of a Node type for <c>node</c>/<c>nodes</c>: its <c>@connect</c> fetch with the local ids as keys, the
    /// same keys <c>customer(id:)</c> and <c>customers(ids:)</c> give it, so they share batches and cache entries (keys
    /// the fetch's check refuses never get here: the node loader's <c>Accepts</c> is that check).
    /// </summary>
    private IDataLoaderResult<IReadOnlyList<LoadResult<object>>> LoadNodes(IResolveFieldContext context, string typeName, IReadOnlyList<string> ids)
    {
        var (fetch, select) = _model.TypeConnectors[typeName];
        var keys = ids.Select(id => (JsonNode)JsonValue.Create(id)).ToList();
        var shape = new Shape(null, typeName, null, IsObject: true, CodeFirst: false);
        return Inject<ConnectorLoaders>.From(context).For(fetch)
            .LoadMany([.. keys.Select(key => key.ToJsonString())])
            .Then(loaded =>
            {
                return (IReadOnlyList<LoadResult<object>>)[.. keys.Select((key, i) =>
                {
                    var notFound = LoadResult<object>.Failed(new UnknownNodeError(GlobalId.Encode(typeName, ids[i])));
                    var result = loaded[i];
                    if (result.Value is not { } item)
                    {
                        return result.Error is { } error ? LoadResult<object>.Failed(error) : notFound;
                    }
                    try
                    {
                        var value = Convert(null, select is null ? item.Node : select.Evaluate(new Scope(Key: key, Item: item.Node)), shape, null);
                        return value is null ? notFound : new LoadResult<object>(value, null, result.Stale);
                    }
                    catch (GatewayError error)
                    {
                        return LoadResult<object>.Failed(error);
                    }
                })];
            });
    }

    /// <summary>A subscription field: the changes of its key's value, polled for as long as someone listens.</summary>
    private WatchedStream Watch(IResolveFieldContext context, Connector connector, ArgumentConstraints constraints)
    {
        var (key, _) = KeyOf(context, connector, constraints);
        if (key is null)
        {
            throw new BadUserInputError($"'{context.FieldDefinition.Name}' needs a value to watch.", connector.Source);
        }
        if (!connector.Fetch.Accepts(key))
        {
            throw connector.Fetch.Refusal(key);
        }
        var text = key.ToJsonString();
        var changes = _bus.Subscribe<object>(ConnectorPoller.Channel(connector, text), message => JsonNode.Parse(message.Span));
        return new WatchedStream(changes, () => _poller.Watch(connector, text));
    }

    /// <summary>A subscription field fed by a mutation's events: each event its filter lets through, on any instance.</summary>
    private IObservable<object?> Listen(IResolveFieldContext context, EventFeed events, ArgumentConstraints constraints)
    {
        var arguments = ArgumentValues.Of(context);
        constraints.Check(arguments);
        return _bus.Subscribe<object>(EventFeed.ChannelOf(events.Source, events.Channel), message =>
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(message.Span);
            }
            catch (JsonException)
            {
                return null;
            }
            return node is not null && (events.Filter is null || LogicalExpression.Truthy(events.Filter.Evaluate(new Scope(Args: arguments, Item: node))))
                ? new ConnectorItem(node).Node
                : null;
        });
    }

    /// <summary>
    /// How a field's value is converted, worked out once from its declared type: lists and their items, the named
    /// type's name, its enum values if it is an enum of the files, and whether it is an object (declarative, or one
    /// of the gateway's code-first types, whose values are read into their CLR types).
    /// </summary>
    private sealed record Shape(Shape? Item, string Name, EnumSpellings? Enum, bool IsObject, bool CodeFirst);

    /// <summary>
    /// An enum of the files, read from an upstream: each value's exact upstream spelling (its <c>@from</c> name, or
    /// its own), then any spelling that differs only in case, '_', '-' and spaces. Both give the value's CLR value,
    /// which is its upstream spelling.
    /// </summary>
    private sealed class EnumSpellings
    {
        public Dictionary<string, string> Exact { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Loose { get; } = new(StringComparer.Ordinal);
    }

    private Shape ShapeOf(GraphQLType type)
    {
        switch (type)
        {
            case GraphQLNonNullType nonNull:
                return ShapeOf(nonNull.Type);
            case GraphQLListType list:
                var item = ShapeOf(list.Type);
                return item with { Item = item };
            default:
                var name = ((GraphQLNamedType)type).Name.StringValue;
                var declared = _model.Types.GetValueOrDefault(name);
                var isObject = declared?.Definition is GraphQLObjectTypeDefinition or GraphQLUnionTypeDefinition || (declared is null && !IsScalarName(name));
                return new Shape(null, name, _enumValues.GetValueOrDefault(name), isObject, isObject && declared is null);
        }
    }

    /// <summary>
    /// What a field returns for <paramref name="node"/>: scalars and enums as CLR values, declarative objects as
    /// their JSON, values of the gateway's code-first object types read into the CLR types those resolve from.
    /// </summary>
    private object? Convert(IResolveFieldContext context, Connector? connector, JsonNode? node, Shape shape) =>
        Convert(connector, shape.Item is not null && connector?.Fetch.Soap is not null ? AsList(node) : node, shape,
            shape.CodeFirst ? CodeFirstValues.Unwrapped(context.FieldDefinition.ResolvedType) : null);

    /// <summary>
    /// A list read from XML, where one element and none look like no list at all: a single value is a list of one,
    /// and an element that is not there an empty list.
    /// </summary>
    private static JsonArray AsList(JsonNode? node) => node switch
    {
        JsonArray list => list,
        null => new JsonArray(),
        _ => new JsonArray(node.DeepClone()),
    };

    private object? Convert(Connector? connector, JsonNode? node, Shape shape, IGraphType? codeFirst)
    {
        try
        {
            if (shape.Item is { } item)
            {
                return node switch
                {
                    JsonArray items => ConvertItems(connector, items, item, codeFirst),
                    null => null,
                    _ => throw new FormatException("a single value where a list belongs"),
                };
            }
            if (node is not null && shape.Enum is { } values)
            {
                return EnumValue(node, values);
            }
            return codeFirst is not null ? CodeFirstValues.From(node, codeFirst) : JsonValues.ToField(node, shape.Name, shape.IsObject);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or JsonException or OverflowException)
        {
            var source = connector?.Source ?? "an upstream";
            throw new UpstreamError(source, $"The {source} upstream answered a value that does not fit the schema.", ex);
        }
    }

    // Apart from Convert, so that only a list pays for its loop (a lambda there would cost every call a closure).
    private List<object?> ConvertItems(Connector? connector, JsonArray items, Shape item, IGraphType? codeFirst)
    {
        var values = new List<object?>(items.Count);
        foreach (var each in items)
        {
            values.Add(Convert(connector, each, item, codeFirst));
        }
        return values;
    }

    /// <summary>An upstream's text as a value of the enum: case, '_', '-' and spaces do not matter (PartlyCloudy is PARTLY_CLOUDY).</summary>
    private string EnumValue(JsonNode node, EnumSpellings values)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            throw new FormatException("a value the enum does not have");
        }
        if (values.Exact.TryGetValue(text, out var exact))
        {
            return exact;
        }
        // An upstream spells each value one way: the spelling is looked up once, then remembered (a bounded few).
        if (_spellings.TryGetValue((values, text), out var known))
        {
            return known;
        }
        if (!values.Loose.TryGetValue(EnumKey(text), out var name))
        {
            throw new FormatException("a value the enum does not have");
        }
        if (_spellings.Count < MaxSpellings)
        {
            _spellings.TryAdd((values, text), name);
        }
        return name;
    }

    private const int MaxSpellings = 4096;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(EnumSpellings Enum, string Text), string> _spellings = new();

    private static string EnumKey(string text) =>
        string.Concat(text.Where(c => c is not ('_' or '-' or ' '))).ToUpperInvariant();

    private static bool IsScalarName(string name) =>
        name is "String" or "Int" or "Float" or "Boolean" or "ID" or "Long" or "Decimal" or "DateTime" or "DateOnly" or "JSON";

    private static IGraphType TypeOf(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => new NonNullGraphType(TypeOf(nonNull.Type)),
        GraphQLListType list => new ListGraphType(TypeOf(list.Type)),
        _ => new GraphQLTypeReference(((GraphQLNamedType)type).Name.StringValue),
    };

    /// <summary>An enum of the files; each value's CLR value is what the upstream calls it (its <c>@from</c> name, or its own).</summary>
    private static EnumerationGraphType BuildEnum(GraphQLEnumTypeDefinition definition, Dictionary<string, EnumSpellings> lookups)
    {
        var type = new EnumerationGraphType { Name = definition.Name.StringValue, Description = Description(definition.Description) };
        var lookup = lookups[type.Name] = new EnumSpellings();
        foreach (var value in definition.Values?.Items ?? [])
        {
            var name = value.Name.StringValue;
            var upstream = SourceCompiler.From(value.Directives) ?? name;
            type.Add(new EnumValueDefinition(name, upstream)
            {
                Description = Description(value.Description),
                DeprecationReason = Deprecation(value.Directives),
            });
            lookup.Exact.TryAdd(upstream, upstream);
            lookup.Loose.TryAdd(EnumKey(upstream), upstream);
            lookup.Loose.TryAdd(EnumKey(name), upstream);
        }
        return type;
    }

    /// <summary>
    /// A union's members, and how a value finds its member: by the discriminator's value when the union has one,
    /// else the member whose non-null fields the value has (the one with most fields present among those).
    /// </summary>
    private void BuildUnion(UnionGraphType union, GraphQLUnionTypeDefinition definition)
    {
        var members = new List<(ObjectGraphType Type, (string Member, bool Required)[] Fields)>();
        foreach (var member in definition.Types?.Items ?? [])
        {
            var name = member.Name.StringValue;
            var type = (ObjectGraphType)_types[name];
            union.AddPossibleType(type);
            var fields = ((GraphQLObjectTypeDefinition)_model.Types[name].Definition).Fields?.Items ?? [];
            members.Add((type, [.. fields.Select(f => (SourceCompiler.From(f.Directives) ?? f.Name.StringValue, f.Type is GraphQLNonNullType))]));
        }
        var discriminator = definition.Directives?.Items.FirstOrDefault(d => d.Name.StringValue == SourceCompiler.DiscriminatorDirective);
        string? property = null;
        var byValue = new Dictionary<string, ObjectGraphType>(StringComparer.Ordinal);
        if (discriminator is not null)
        {
            var arguments = discriminator.Arguments!.Items.ToDictionary(a => a.Name.StringValue, a => a.Value, StringComparer.Ordinal);
            property = ((GraphQLStringValue)arguments["property"]).Value.ToString();
            var mapped = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in (arguments.GetValueOrDefault("values") as GraphQLObjectValue)?.Fields ?? [])
            {
                var type = members.First(m => m.Type.Name == entry.Name.StringValue).Type;
                mapped.Add(type.Name);
                var values = entry.Value is GraphQLListValue list ? list.Values!.Cast<GraphQLStringValue>() : [(GraphQLStringValue)entry.Value];
                foreach (var value in values)
                {
                    byValue.TryAdd(value.Value.ToString(), type);
                }
            }
            foreach (var (type, _) in members.Where(m => !mapped.Contains(m.Type.Name)))
            {
                byValue.TryAdd(type.Name, type);
            }
        }
        union.ResolveType = value =>
        {
            if (value is not JsonObject item)
            {
                return members[0].Type;
            }
            if (property is not null && JsonMembers.Find(item, property) is JsonValue named
                && byValue.TryGetValue(Expressions.TemplateExpression.Text(named), out var known))
            {
                return known;
            }
            // Every non-null field present first, then most fields present; the first member wins a tie.
            var best = members[0].Type;
            var bestScore = (Complete: false, Present: -1);
            foreach (var (type, fields) in members)
            {
                var (complete, present) = (true, 0);
                foreach (var (member, required) in fields)
                {
                    var found = JsonMembers.Find(item, member) is not null;
                    present += found ? 1 : 0;
                    complete &= found || !required;
                }
                if (complete && !bestScore.Complete || complete == bestScore.Complete && present > bestScore.Present)
                {
                    (best, bestScore) = (type, (complete, present));
                }
            }
            return best;
        };
    }

    /// <summary>A default from the file as GraphQL.NET holds it: an enum value of a file as its upstream spelling (its CLR value).</summary>
    private object? DefaultOf(GraphQLValue? value, GraphQLType type)
    {
        if (value is null)
        {
            return null;
        }
        if (_model.Types.GetValueOrDefault(SourceCompiler.NamedType(type).Name.StringValue)?.Definition is GraphQLEnumTypeDefinition enumType)
        {
            string Spelling(GraphQLValue item) => item is GraphQLEnumValue name
                && enumType.Values?.Items.FirstOrDefault(v => v.Name.StringValue == name.Name.StringValue) is { } known
                    ? SourceCompiler.From(known.Directives) ?? name.Name.StringValue
                    : (string)ArgumentConstraints.Literal(item)!;
            return value is GraphQLListValue list ? (list.Values ?? []).Select(Spelling).ToList() : Spelling(value);
        }
        return ArgumentConstraints.Literal(value);
    }

    private InputObjectGraphType BuildInput(GraphQLInputObjectTypeDefinition definition)
    {
        var type = new InputObjectGraphType
        {
            Name = definition.Name.StringValue,
            Description = Description(definition.Description),
            IsOneOf = definition.Directives?.Items.Any(d => d.Name.StringValue == SourceCompiler.OneOfDirective) == true,
        };
        foreach (var field in definition.Fields?.Items ?? [])
        {
            var added = type.AddField(new FieldType
            {
                Name = field.Name.StringValue,
                Description = Description(field.Description),
                ResolvedType = TypeOf(field.Type),
                DefaultValue = DefaultOf(field.DefaultValue, field.Type),
                DeprecationReason = Deprecation(field.Directives),
            });
            if (SourceCompiler.From(field.Directives) is { } upstream)
            {
                added.Metadata[ArgumentValues.UpstreamName] = upstream;
            }
            if (SourceCompiler.NodeId(field.Directives) is { } node)
            {
                added.Parser = NodeIds.LocalIds(node);
            }
        }
        if (definition.Directives?.Items.Any(d => d.Name.StringValue == SourceCompiler.InlineDirective) == true)
        {
            type.Metadata[ArgumentValues.Inline] = true;
        }
        return type;
    }

    private static string? Description(GraphQLDescription? description) => description?.Value.ToString();

    private static string? Deprecation(GraphQLFieldDefinition field) => Deprecation(field.Directives);

    private static string? Deprecation(GraphQLDirectives? directives) =>
        directives?.Items.FirstOrDefault(d => d.Name.StringValue == "deprecated") is { } deprecated
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

/// <summary>
/// The declarative types a schema being built takes its fields from: those read at start, or, while a reload
/// builds a schema from changed files, the new ones.
/// </summary>
public sealed class DeclarativeTypesInUse(DeclarativeGraphTypes started)
{
    public DeclarativeGraphTypes Types { get; set; } = started;
}

/// <summary>Hands every code-first graph type that takes contributors the fields the source files add to it.</summary>
public sealed class DeclarativeFieldContributor<TGraphType>(DeclarativeTypesInUse inUse) : Common.Schema.IFieldContributor<TGraphType>
    where TGraphType : IComplexGraphType
{
    public void Contribute(TGraphType type) => inUse.Types.Extend(type);
}
