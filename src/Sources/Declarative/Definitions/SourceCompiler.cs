using System.Globalization;
using Gateway.Sources.Common.Http;
using Gateway.Sources.Declarative.Connectors;
using Gateway.Sources.Declarative.Expressions;
using GraphQLParser.AST;

namespace Gateway.Sources.Declarative.Definitions;

/// <summary>
/// Checks the parsed source files against each other and compiles their <c>@connect</c> directives. Every problem
/// is reported at its place in its file: unknown types, arguments a path reads that the field does not declare,
/// selections that cannot fill the declared type, malformed HTTP lines, expressions and durations.
/// </summary>
internal sealed class SourceCompiler(SourceModel model)
{
    public const string ConnectDirective = "connect";
    public const string ScopeDirective = "requiresScope";

    private static readonly HashSet<string> BuiltInScalars = new(StringComparer.Ordinal) { "String", "Int", "Float", "Boolean", "ID" };
    public const string LengthDirective = "length";
    public const string RangeDirective = "range";
    public const string UserErrorDirective = "userError";
    public const string OneOfDirective = "oneOf";
    public const string FromDirective = "from";
    public const string InlineDirective = "inline";
    public const string DiscriminatorDirective = "discriminator";
    public const string NodeIdDirective = "nodeId";

    /// <summary>What a type's <c>@connect</c> takes: how a value is fetched by key, found in the answer, cached.</summary>
    internal static readonly HashSet<string> FetchArguments = new(StringComparer.Ordinal)
    {
        "http", "soap", "namespace", "soapAction", "soapVersion", "soapHeader", "body", "batchBy", "items", "match", "select", "error", "entity",
        "cacheKey", "check", "tag", "ttl", "grace", "retrySafe", "headers", "query",
    };

    /// <summary>What a field's <c>@connect</c> takes: a fetch of its own or none (its type's), and the key.</summary>
    internal static readonly HashSet<string> FieldArguments = new(
        FetchArguments.Concat(["key", "changes", "paging", "total", "cursor", "more", "invalidate", "invalidateTags", "publish", "subscribe", "filter"]), StringComparer.Ordinal);

    private static readonly HashSet<string> UserErrorArguments = new(StringComparer.Ordinal) { "if", "fault", "code", "field", "message" };

    public void Compile(IReadOnlyList<(string Source, SourceText File, GraphQLDocument Document)> documents)
    {
        foreach (var (source, file, document) in documents)
        {
            foreach (var definition in document.Definitions)
            {
                switch (definition)
                {
                    case GraphQLObjectTypeDefinition or GraphQLEnumTypeDefinition or GraphQLInputObjectTypeDefinition or GraphQLUnionTypeDefinition:
                        var type = (GraphQLTypeDefinition)definition;
                        var name = type.Name.StringValue;
                        if (BuiltInScalars.Contains(name) || model.Types.ContainsKey(name))
                        {
                            throw file.Error(type.Name, $"type '{name}' is already defined{(model.Types.TryGetValue(name, out var other) ? $" by {other.File.DisplayPath}" : "")}; use 'extend type {name}' to add fields to it");
                        }
                        model.Types[name] = new DeclaredType(source, file, type);
                        break;
                    case GraphQLObjectTypeExtension:
                        break;
                    default:
                        throw file.Error(definition, $"a source file declares object, union, enum and input types and 'extend type'; {Describe(definition)} is not supported");
                }
            }
        }

        foreach (var (source, file, document) in documents)
        {
            foreach (var type in document.Definitions.OfType<GraphQLObjectTypeDefinition>())
            {
                foreach (var directive in type.Directives?.Items ?? [])
                {
                    if (directive.Name.StringValue != ConnectDirective)
                    {
                        throw file.Error(directive, $"unknown directive '@{directive.Name.StringValue}' on a type; a type takes @connect (how one of it is loaded by key)");
                    }
                    CompileTypeConnector(source, file, type, directive);
                }
            }
        }

        foreach (var (source, file, document) in documents)
        {
            foreach (var definition in document.Definitions)
            {
                if (definition is GraphQLObjectTypeDefinition owned)
                {
                    CheckNode(file, owned);
                    foreach (var field in owned.Fields?.Items ?? [])
                    {
                        CheckField(file, field, owned: true);
                        if (Directive(field) is { } directive)
                        {
                            throw file.Error(directive, "@connect belongs on a field added with 'extend type'; fields of a source's own types are read from the item its connector answered");
                        }
                    }
                }
                else if (definition is GraphQLInputObjectTypeDefinition input)
                {
                    foreach (var directive in input.Directives?.Items ?? [])
                    {
                        var name = directive.Name.StringValue;
                        if (name is not (OneOfDirective or InlineDirective) || directive.Arguments?.Items.Count > 0)
                        {
                            throw file.Error(directive, $"an input type takes @oneOf (exactly one of its fields is given) and @inline (the upstream is sent that field's value itself), not '@{name}'");
                        }
                        if (name == InlineDirective && input.Directives!.Items.All(d => d.Name.StringValue != OneOfDirective))
                        {
                            throw file.Error(directive, "@inline goes with @oneOf: the upstream is sent the value of the one field given");
                        }
                    }
                    foreach (var field in input.Fields?.Items ?? [])
                    {
                        CheckTypeReference(file, field.Type);
                        CheckNaming(file, field.Directives, "an input field", field.Type);
                    }
                }
                else if (definition is GraphQLEnumTypeDefinition enumType)
                {
                    foreach (var value in enumType.Values?.Items ?? [])
                    {
                        CheckNaming(file, value.Directives, "an enum value");
                    }
                }
                else if (definition is GraphQLUnionTypeDefinition union)
                {
                    CheckUnion(file, union);
                }
                else if (definition is GraphQLObjectTypeExtension extension)
                {
                    var target = extension.Name.StringValue;
                    if (model.Types.TryGetValue(target, out var declared) && declared.Definition is not GraphQLObjectTypeDefinition)
                    {
                        throw file.Error(extension.Name, $"'{target}' is not an object type; only object types can be extended");
                    }
                    if (declared is null)
                    {
                        model.ExternalReferences.Add(new TypeReference(target, file, extension.Name.Location.Start, $"'extend type {target}': no source defines '{target}'"));
                    }
                    if (extension.Interfaces?.Items is [var implemented, ..])
                    {
                        throw file.Error(implemented, $"'implements' belongs on the definition of '{target}'; 'extend type' adds fields");
                    }
                    foreach (var field in extension.Fields?.Items ?? [])
                    {
                        CheckField(file, field);
                        if (Directive(field) is not { } directive)
                        {
                            throw file.Error(field.Name, $"'{target}.{field.Name.StringValue}' says nothing about how it is fetched: add @connect");
                        }
                        if (target != "Mutation" && field.Directives!.Items.FirstOrDefault(d => d.Name.StringValue == UserErrorDirective) is { } misplaced)
                        {
                            throw file.Error(misplaced, "@userError belongs on fields of 'extend type Mutation', whose payload has 'userErrors'");
                        }
                        var added = directive.Arguments?.Items.Any(a => a.Name.StringValue == "subscribe") == true
                            ? new DeclaredField(source, file, field, null, CompileEventFeed(source, file, target, field, directive))
                            : new DeclaredField(source, file, field, CompileConnector(source, file, target, field, directive));
                        if (!model.Extensions.TryGetValue(target, out var fields))
                        {
                            model.Extensions[target] = fields = [];
                        }
                        fields.Add(added);
                    }
                }
            }
        }
        CheckEffects();
    }

    private static GraphQLDirective? Directive(GraphQLFieldDefinition field) =>
        field.Directives?.Items.FirstOrDefault(d => d.Name.StringValue == ConnectDirective);

    private void CheckField(SourceText file, GraphQLFieldDefinition field, bool owned = false)
    {
        CheckTypeReference(file, field.Type);
        foreach (var argument in field.Arguments?.Items ?? [])
        {
            CheckTypeReference(file, argument.Type);
            foreach (var directive in argument.Directives?.Items ?? [])
            {
                CheckArgumentDirective(file, argument, directive);
            }
        }
        foreach (var directive in field.Directives?.Items ?? [])
        {
            switch (directive.Name.StringValue)
            {
                case ConnectDirective or "deprecated" or UserErrorDirective:
                    break;
                case FromDirective when owned:
                    CheckFrom(file, directive, "a field");
                    break;
                case ScopeDirective:
                    if (directive.Arguments?.Items is not [{ Name.StringValue: "scope", Value: GraphQLStringValue { Value.Length: > 0 } }])
                    {
                        throw file.Error(directive, "@requiresScope takes one argument, scope: the scope a token needs for this field (\"payments:read\")");
                    }
                    break;
                default:
                    throw file.Error(directive, directive.Name.StringValue == FromDirective
                        ? "@from names the member a field of a source's own type is read from; a field added with 'extend type' says so in its @connect"
                        : $"unknown directive '@{directive.Name.StringValue}'; fields take @connect, @userError, @requiresScope, @deprecated and, on a source's own types, @from");
            }
        }
    }

    /// <summary>
    /// The directives of an input field or enum value: <c>@deprecated</c>, and <c>@from(name: "x-rate-limit")</c>, the
    /// upstream's name of one whose own name GraphQL does not allow (or that an import renamed); an input field of
    /// <paramref name="inputType"/> also <c>@nodeId</c>.
    /// </summary>
    private void CheckNaming(SourceText file, GraphQLDirectives? directives, string what, GraphQLType? inputType = null)
    {
        foreach (var directive in directives?.Items ?? [])
        {
            if (directive.Name.StringValue == NodeIdDirective && inputType is not null)
            {
                CheckNodeId(file, directive, inputType, what);
            }
            else if (directive.Name.StringValue != "deprecated")
            {
                CheckFrom(file, directive, what, inputType is null ? "@from (the upstream's name) and @deprecated" : "@from (the upstream's name), @nodeId and @deprecated");
            }
        }
    }

    /// <summary>
    /// <c>@nodeId(type: "Customer")</c> on an <c>ID</c> argument or input field (or a list of them): it names objects
    /// of that Node type, so it takes their global ids too, turned into local ids before anything reads them. That
    /// the type implements Node is checked once the schema is built (it may be a code-first type).
    /// </summary>
    private void CheckNodeId(SourceText file, GraphQLDirective directive, GraphQLType type, string what)
    {
        if (NamedType(type).Name.StringValue != "ID")
        {
            throw file.Error(directive, $"@nodeId belongs on {what} of type ID or a list of IDs");
        }
        if (directive.Arguments?.Items is not [{ Name.StringValue: "type", Value: GraphQLStringValue { Value.Length: > 0 } name }])
        {
            throw file.Error(directive, "@nodeId takes one argument, type: the Node type whose ids it takes (\"Customer\")");
        }
        var typeName = name.Value.ToString();
        model.NodeIdReferences.Add(new TypeReference(typeName, file, name.Location.Start, $"@nodeId names '{typeName}', which is not an object type implementing Node"));
    }

    /// <summary>The Node type whose global ids an argument or input field takes (<c>@nodeId</c>), if any.</summary>
    public static string? NodeId(GraphQLDirectives? directives) =>
        directives?.Items.FirstOrDefault(d => d.Name.StringValue == NodeIdDirective)?.Arguments?.Items[0].Value is GraphQLStringValue name
            ? name.Value.ToString()
            : null;

    /// <summary>
    /// <c>type Customer implements Node</c>: a Relay node. <c>node(id:)</c> loads it again through the type's own
    /// <c>@connect</c>, which it must have, keyed by its <c>id</c>, which it must have as <c>ID!</c> (the upstream's
    /// id; the gateway answers it as the global id).
    /// </summary>
    private void CheckNode(SourceText file, GraphQLObjectTypeDefinition type)
    {
        var name = type.Name.StringValue;
        foreach (var implemented in type.Interfaces?.Items ?? [])
        {
            if (implemented.Name.StringValue != Common.Relay.NodeTypes.InterfaceName)
            {
                throw file.Error(implemented, $"a source's type can implement Node (Relay's object identification), not '{implemented.Name.StringValue}'");
            }
            if (!model.TypeConnectors.ContainsKey(name))
            {
                throw file.Error(implemented, $"'{name}' implements Node, so node(id:) loads it by id: give '{name}' a @connect of its own");
            }
            if (type.Fields?.Items.FirstOrDefault(f => f.Name.StringValue == "id")?.Type is not GraphQLNonNullType { Type: GraphQLNamedType { Name.StringValue: "ID" } })
            {
                throw file.Error(implemented, $"'{name}' implements Node, so it has 'id: ID!': the upstream's id, which the gateway answers as a global id");
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> is a Relay node (the compiler allows no other interface).</summary>
    public static bool IsNode(GraphQLObjectTypeDefinition type) => type.Interfaces?.Items.Count > 0;

    /// <summary>One <c>@from</c>, or a directive that has no business on <paramref name="what"/>.</summary>
    private static void CheckFrom(SourceText file, GraphQLDirective directive, string what, string takes = "@from (the upstream's name) and @deprecated")
    {
        if (directive.Name.StringValue != FromDirective)
        {
            throw file.Error(directive, $"unknown directive '@{directive.Name.StringValue}' on {what}; it takes {takes}");
        }
        if (directive.Arguments?.Items is not [{ Name.StringValue: "name", Value: GraphQLStringValue { Value.Length: > 0 } }])
        {
            throw file.Error(directive, "@from takes one argument, name: the upstream's name (\"x-rate-limit\")");
        }
    }

    /// <summary>The upstream's name <c>@from</c> gives, if any.</summary>
    public static string? From(GraphQLDirectives? directives) =>
        directives?.Items.FirstOrDefault(d => d.Name.StringValue == FromDirective)?.Arguments?.Items[0].Value is GraphQLStringValue name
            ? name.Value.ToString()
            : null;

    /// <summary>
    /// A union's members are object types of the files, and <c>@discriminator(property: "petType", values: { Dog: "dog" })</c>
    /// names the member that tells them apart and each member's values of it (by default its own name); without it,
    /// a value is the member whose non-null fields it has.
    /// </summary>
    private void CheckUnion(SourceText file, GraphQLUnionTypeDefinition union)
    {
        var members = (union.Types?.Items ?? []).Select(t => t.Name.StringValue).ToHashSet(StringComparer.Ordinal);
        foreach (var member in union.Types?.Items ?? [])
        {
            if (model.Types.GetValueOrDefault(member.Name.StringValue)?.Definition is not GraphQLObjectTypeDefinition)
            {
                throw file.Error(member, $"a union of a source file joins object types of the files; '{member.Name.StringValue}' is not one");
            }
        }
        if (members.Count == 0)
        {
            throw file.Error(union.Name, $"union '{union.Name.StringValue}' has no members");
        }
        foreach (var directive in union.Directives?.Items ?? [])
        {
            if (directive.Name.StringValue != DiscriminatorDirective)
            {
                throw file.Error(directive, $"a union takes @discriminator (which member tells its types apart), not '@{directive.Name.StringValue}'");
            }
            var arguments = (directive.Arguments?.Items ?? []).ToDictionary(a => a.Name.StringValue, a => a.Value, StringComparer.Ordinal);
            if (arguments.GetValueOrDefault("property") is not GraphQLStringValue { Value.Length: > 0 } || arguments.Keys.Any(k => k is not ("property" or "values")))
            {
                throw file.Error(directive, "@discriminator takes property (the member that names the type: \"petType\") and values ({ Dog: \"dog\" }, by default each type's name)");
            }
            if (arguments.GetValueOrDefault("values") is { } values)
            {
                if (values is not GraphQLObjectValue map)
                {
                    throw file.Error(values, "'values' maps member types to the values that name them: { Dog: \"dog\", Cat: [\"cat\", \"kitten\"] }");
                }
                foreach (var entry in map.Fields ?? [])
                {
                    if (!members.Contains(entry.Name.StringValue))
                    {
                        throw file.Error(entry, $"'values' names '{entry.Name.StringValue}', which is not a member of '{union.Name.StringValue}'");
                    }
                    if (entry.Value is not (GraphQLStringValue or GraphQLListValue { Values: { } } ) || entry.Value is GraphQLListValue list && list.Values!.Any(v => v is not GraphQLStringValue))
                    {
                        throw file.Error(entry.Value, "each of 'values' is a string or a list of strings");
                    }
                }
            }
        }
    }

    /// <summary><c>@length(min:, max:)</c> on a String argument, <c>@range(min:, max:)</c> on an Int or Float one.</summary>
    private void CheckArgumentDirective(SourceText file, GraphQLInputValueDefinition argument, GraphQLDirective directive)
    {
        var name = directive.Name.StringValue;
        if (name == NodeIdDirective)
        {
            CheckNodeId(file, directive, argument.Type, "an argument");
            return;
        }
        var type = NamedType(argument.Type).Name.StringValue;
        var list = (argument.Type is GraphQLNonNullType nonNull ? nonNull.Type : argument.Type) is GraphQLListType;
        var fits = name switch
        {
            LengthDirective => list || type is "String" or "ID",
            RangeDirective => !list && type is "Int" or "Float",
            _ => throw file.Error(directive, $"unknown directive '@{name}' on an argument; arguments take @length (strings), @range (numbers) and @nodeId (ids of a Node type)"),
        };
        if (!fits)
        {
            throw file.Error(directive, $"@{name} does not apply to '{argument.Name.StringValue}: {type}'; @length is for String, ID and lists (their items), @range for Int and Float");
        }
        var given = directive.Arguments?.Items ?? [];
        if (given.Count == 0 || given.Any(a => a.Name.StringValue is not ("min" or "max") || a.Value is not (GraphQLIntValue or GraphQLFloatValue)))
        {
            throw file.Error(directive, $"@{name} takes min and/or max, numbers ({(name == LengthDirective ? "@length(min: 1, max: 500)" : "@range(min: -90, max: 90)")})");
        }
    }

    /// <summary>
    /// A name a file uses is a built-in scalar, a type some source file owns, or one of the gateway's code-first
    /// types; those are only known when the schema is built, so the reference is kept to be checked then.
    /// </summary>
    private void CheckTypeReference(SourceText file, GraphQLType type)
    {
        var named = NamedType(type);
        var name = named.Name.StringValue;
        if (!BuiltInScalars.Contains(name) && !model.Types.ContainsKey(name))
        {
            model.ExternalReferences.Add(new TypeReference(name, file, named.Location.Start, $"unknown type '{name}'"));
        }
    }

    /// <summary>
    /// A field's <c>@connect</c>: its own fetch (with <c>http</c> or <c>soap</c>) and key, or only a key when the
    /// field's type has a <c>@connect</c> of its own, whose fetch (and batches) it then shares.
    /// </summary>
    private Connector CompileConnector(string source, SourceText file, string parentType, GraphQLFieldDefinition field, GraphQLDirective directive)
    {
        var coordinate = $"{parentType}.{field.Name.StringValue}";
        var fieldArguments = (field.Arguments?.Items ?? []).Select(a => a.Name.StringValue).ToHashSet(StringComparer.Ordinal);
        var mutation = parentType == "Mutation";
        var paged = directive.Arguments?.Items.Any(a => a.Name.StringValue == "paging") == true;
        var reader = new DirectiveReader(file, directive, coordinate, FieldArguments, parentType, fieldArguments, model)
        {
            Direct = mutation || paged,
            Paged = paged,
            Source = source,
        };
        var typeName = NamedType(field.Type).Name.StringValue;
        Fetch fetch;
        Expression? select;
        if (reader.Has("http") || reader.Has("soap"))
        {
            fetch = CompileFetch(source, reader, coordinate, reader.Direct ? field.Name.StringValue : null);
            select = reader.Expression("select");
            CheckSelection(file, field.Type, select, reader.Value("select"));
        }
        else if (!reader.Direct && model.TypeConnectors.TryGetValue(typeName, out var shared))
        {
            foreach (var name in FetchArguments.Where(reader.Has))
            {
                throw file.Error(reader.Argument(name), $"'{coordinate}' loads '{typeName}' through the @connect of type '{typeName}'; '{name}' belongs there");
            }
            fetch = shared.Fetch;
            select = shared.Select;
        }
        else
        {
            throw file.Error(directive, reader.Direct
                ? $"@connect on '{coordinate}' makes its own call: it needs 'http' (REST) or 'soap' (a SOAP operation)"
                : $"@connect on '{coordinate}' needs either 'http' (REST) or 'soap' (a SOAP operation), or its type '{typeName}' needs a @connect of its own");
        }
        var changes = reader.Expression("changes");
        if (changes is not null && parentType != "Subscription")
        {
            throw file.Error(reader.Argument("changes"), "'changes' says what counts as a change of a polled subscription field; it belongs on fields of 'extend type Subscription'");
        }
        if (reader.Direct && reader.Has("key"))
        {
            throw file.Error(reader.Argument("key"), $"'{coordinate}' makes one call each time it is resolved, from its arguments: it has no 'key'");
        }
        return new Connector
        {
            Coordinate = coordinate,
            Fetch = fetch,
            Key = reader.Direct ? new LiteralExpression(0, null) : reader.Expression("key", required: true)!,
            Select = select,
            Changes = changes,
            Paging = CompilePaging(reader, field, coordinate, fetch),
            Mutation = mutation ? CompileMutation(reader, field, coordinate, typeName) : NoMutationEffects(reader),
        };
    }

    private static readonly string[] MutationArguments = ["invalidate", "invalidateTags", "publish"];

    private static readonly string[] PagingArguments = ["total", "cursor", "more"];

    /// <summary>A field that is not a mutation's has no effects; naming one is a mistake in the file.</summary>
    private static MutationEffects? NoMutationEffects(DirectiveReader reader)
    {
        foreach (var name in MutationArguments.Where(reader.Has))
        {
            throw reader.File.Error(reader.Argument(name), $"'{name}' says what a mutation changes; it belongs on fields of 'extend type Mutation'");
        }
        return null;
    }

    /// <summary><c>paging: "offset"</c>: the field returns a connection and takes <c>after</c> (and <c>first</c>).</summary>
    private Paging? CompilePaging(DirectiveReader reader, GraphQLFieldDefinition field, string coordinate, Fetch fetch)
    {
        var file = reader.File;
        if (!reader.Paged)
        {
            foreach (var name in PagingArguments.Where(reader.Has))
            {
                throw file.Error(reader.Argument(name), $"'{name}' belongs to a paged field; it goes with 'paging'");
            }
            return null;
        }
        var byCursor = reader.Text("paging") switch
        {
            "offset" => false,
            "cursor" => true,
            _ => throw file.Error(reader.Argument("paging").Value,
                "'paging' is \"offset\" (the call reads $page.offset and $page.limit, or $page.number and $page.size) or \"cursor\" (it reads $page.after and $page.limit)"),
        };
        var pageReads = fetch.Path.Paths().Concat(fetch.Body?.Paths() ?? []).Concat(fetch.Query?.Paths() ?? []).Concat(fetch.Headers?.Paths() ?? [])
            .Where(p => p.Variable == Scope.PageVariable).ToList();
        if (pageReads.FirstOrDefault(p => byCursor ? p.Members is ["offset" or "number" or "size"] : p.Members is ["after"]) is { } misread)
        {
            throw file.Error(reader.Argument("paging").Value, byCursor
                ? $"a cursor-paged call reads $page.after and $page.limit, not $page.{misread.Members[0]}"
                : "$page.after is the upstream's cursor: it goes with paging: \"cursor\"");
        }
        if (byCursor != reader.Has("cursor"))
        {
            throw file.Error(byCursor ? reader.Directive : reader.Argument("cursor"), byCursor
                ? "paging: \"cursor\" needs 'cursor': each item's own cursor, which $page.after gives back (\"id\")"
                : "'cursor' is an item's cursor at a cursor-paged upstream; it goes with paging: \"cursor\"");
        }
        if (!byCursor && reader.Has("more"))
        {
            throw file.Error(reader.Argument("more"), "'more' says whether a cursor-paged upstream has another page; it goes with paging: \"cursor\"");
        }
        var arguments = (field.Arguments?.Items ?? []).ToDictionary(a => a.Name.StringValue, a => NamedType(a.Type).Name.StringValue, StringComparer.Ordinal);
        if (arguments.GetValueOrDefault("after") != "String" || arguments.TryGetValue("first", out var first) && first != "Int")
        {
            throw file.Error(field.Name, $"a paged field takes 'after: String' (and 'first: Int'), the Relay connection arguments; '{coordinate}' does not");
        }
        var typeName = NamedType(field.Type).Name.StringValue;
        if (model.Types.TryGetValue(typeName, out var declared) && declared.Definition is GraphQLObjectTypeDefinition connection
            && connection.Fields?.Items.Any(f => f.Name.StringValue == "pageInfo") != true)
        {
            throw file.Error(field.Type, $"a paged field returns a Relay connection: '{typeName}' needs 'pageInfo' (and 'edges' or 'nodes')");
        }
        return new Paging(coordinate, reader.Expression("total"), Numbered: pageReads.Any(p => p.Members is ["number" or "size"]))
        {
            Cursor = reader.Expression("cursor"),
            More = reader.Expression("more"),
        };
    }

    /// <summary>A mutation's <c>@userError</c> rules, and the <c>invalidate</c> and <c>publish</c> of its <c>@connect</c>.</summary>
    private MutationEffects CompileMutation(DirectiveReader reader, GraphQLFieldDefinition field, string coordinate, string payloadType)
    {
        var file = reader.File;
        var rules = new List<UserErrorRule>();
        var fieldArguments = (field.Arguments?.Items ?? []).Select(a => a.Name.StringValue).ToHashSet(StringComparer.Ordinal);
        foreach (var directive in field.Directives!.Items.Where(d => d.Name.StringValue == UserErrorDirective))
        {
            var rule = new DirectiveReader(file, directive, coordinate, UserErrorArguments, "Mutation", fieldArguments, model);
            if (rule.Has("if") == rule.Has("fault"))
            {
                throw file.Error(directive, "@userError takes either 'if' (a check before the call, over $args) or 'fault' (the upstream's fault code)");
            }
            rules.Add(new UserErrorRule(rule.Expression("if"), rule.Text("fault"), rule.Text("code", required: true)!,
                rule.Text("field")?.Split('.'), rule.Template("message", required: true)!));
        }
        var reportsUserErrors = model.Types.TryGetValue(payloadType, out var declared) && declared.Definition is GraphQLObjectTypeDefinition payload
            && payload.Fields?.Items.Any(f => f.Name.StringValue == "userErrors") == true;
        if (rules.Count > 0 && declared?.Definition is GraphQLObjectTypeDefinition && !reportsUserErrors)
        {
            throw file.Error(field.Type, $"a mutation with @userError returns a payload with 'userErrors: [UserError!]!'; '{payloadType}' has none");
        }
        var invalidate = reader.Expression("invalidate");
        var publish = reader.Expression("publish");
        foreach (var (name, effect) in new[] { ("invalidate", invalidate), ("publish", publish) })
        {
            if (effect is not null and not ObjectExpression)
            {
                throw file.Error(reader.Argument(name).Value, name == "invalidate"
                    ? "'invalidate' is an object of entity names and the key of each to drop: \"{ customer: Customer.Id }\""
                    : "'publish' is an object of event names and the value each carries: \"{ customers: Customer }\"");
            }
        }
        var effects = new MutationEffects(rules, invalidate, publish)
        {
            InvalidateTags = reader.Expression("invalidateTags"),
            ReportsUserErrors = reportsUserErrors,
        };
        if (invalidate is ObjectExpression entities)
        {
            _effects.Add((reader.Source, reader, entities, effects));
        }
        return effects;
    }

    /// <summary>A subscription field fed by a source's events: <c>@connect(subscribe: "customers", filter: "…")</c>.</summary>
    private EventFeed CompileEventFeed(string source, SourceText file, string parentType, GraphQLFieldDefinition field, GraphQLDirective directive)
    {
        var coordinate = $"{parentType}.{field.Name.StringValue}";
        var reader = new DirectiveReader(file, directive, coordinate, new HashSet<string>(StringComparer.Ordinal) { "subscribe", "filter" }, parentType,
            (field.Arguments?.Items ?? []).Select(a => a.Name.StringValue).ToHashSet(StringComparer.Ordinal), model);
        if (parentType != "Subscription")
        {
            throw file.Error(reader.Argument("subscribe"), "'subscribe' feeds a subscription field with events; it belongs on fields of 'extend type Subscription'");
        }
        var feed = new EventFeed(source, reader.Text("subscribe", required: true)!, reader.Expression("filter"));
        _feeds.Add((reader, feed));
        return feed;
    }

    /// <summary>
    /// Once every connector is compiled: each entity a mutation invalidates is one of its source's, and each event a
    /// subscription listens to is one a mutation of its source publishes.
    /// </summary>
    private void CheckEffects()
    {
        foreach (var (source, reader, entities, effects) in _effects)
        {
            foreach (var (name, value) in entities.Members)
            {
                effects.Entities[name] = model.Fetches.FirstOrDefault(f => f.Entity == name && f.Source == source)
                    ?? throw reader.File.Error(reader.File.ContentStart(reader.Value("invalidate")!) + value.Offset,
                        $"'invalidate' names '{name}', which no @connect of this source caches ('entity')");
            }
        }
        var published = model.Extensions.GetValueOrDefault("Mutation")?.Where(f => f.Connector?.Mutation?.Publish is ObjectExpression)
            .SelectMany(f => ((ObjectExpression)f.Connector!.Mutation!.Publish!).Members.Select(m => (f.Source, m.Name))).ToHashSet() ?? [];
        foreach (var (reader, feed) in _feeds)
        {
            if (!published.Contains((feed.Source, feed.Channel)))
            {
                throw reader.File.Error(reader.Argument("subscribe").Value, $"no mutation of source '{feed.Source}' publishes '{feed.Channel}' ('publish' of its @connect)");
            }
        }
    }

    private readonly List<(string Source, DirectiveReader Reader, ObjectExpression Entities, MutationEffects Effects)> _effects = [];
    private readonly List<(DirectiveReader Reader, EventFeed Feed)> _feeds = [];

    /// <summary>A type's <c>@connect</c>: how one of its values is loaded by key, for every field of that type to share.</summary>
    private void CompileTypeConnector(string source, SourceText file, GraphQLObjectTypeDefinition type, GraphQLDirective directive)
    {
        var name = type.Name.StringValue;
        var reader = new DirectiveReader(file, directive, name, FetchArguments, null, new HashSet<string>(), model);
        var select = reader.Expression("select");
        CheckSelection(file, new GraphQLNamedType(type.Name), select, reader.Value("select"));
        model.TypeConnectors[name] = new TypeConnector(CompileFetch(source, reader, name), select);
    }

    /// <summary>The call of a @connect; <paramref name="entity"/> names the entity when the file need not (a call made per field).</summary>
    private static Fetch CompileFetch(string source, DirectiveReader reader, string declaredAt, string? entity = null)
    {
        var file = reader.File;
        if (reader.Has("http") == reader.Has("soap"))
        {
            throw file.Error(reader.Directive, $"@connect on '{declaredAt}' needs either 'http' (REST) or 'soap' (a SOAP operation)");
        }
        foreach (var soapOnly in (string[])["namespace", "soapAction", "soapVersion", "soapHeader"])
        {
            if (reader.Has(soapOnly) && !reader.Has("soap"))
            {
                throw file.Error(reader.Argument(soapOnly), $"'{soapOnly}' belongs to a SOAP call ('soap'); this @connect makes an 'http' call");
            }
        }
        var (method, path, soap) = reader.Has("soap") ? SoapOperation() : HttpLine();

        (string Method, Expression Path, SoapCall? Soap) HttpLine()
        {
            var http = reader.Text("http")!;
            var space = http.IndexOf(' ', StringComparison.Ordinal);
            var verb = space > 0 ? http[..space].ToUpperInvariant() : "";
            if (verb is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                throw file.Error(reader.Argument("http").Value, $"'http' is \"<METHOD> <path>\" with GET, POST, PUT, PATCH or DELETE, not \"{http}\"");
            }
            var pathText = http[(space + 1)..].Trim().TrimStart('/');
            var httpValue = reader.Value("http")!;
            Expression template;
            try
            {
                template = ExpressionParser.Parse("'" + pathText + "'");
            }
            catch (ExpressionSyntaxException ex)
            {
                throw file.Error(file.ContentStart(httpValue) + space + ex.Offset, $"'http' of @connect on '{declaredAt}': {ex.Message}");
            }
            reader.CheckPaths(template, "http", file.ContentStart(httpValue) + http.Length - pathText.Length - 1);
            return (verb, template, null);
        }

        (string Method, Expression Path, SoapCall? Soap) SoapOperation()
        {
            var operation = reader.Text("soap")!;
            // An empty name is an empty Body: an operation whose request has no parts, told apart by its SOAPAction.
            if (operation.Length > 0 && (!System.Xml.XmlReader.IsName(operation) || operation.Contains(':', StringComparison.Ordinal)))
            {
                throw file.Error(reader.Argument("soap").Value, $"'soap' names the operation's request element, such as \"GetCustomers\" (or \"\" for an empty Body), not \"{operation}\"");
            }
            var ns = reader.Text("namespace", required: true)!;
            var version = reader.Text("soapVersion") switch
            {
                null or "1.1" => SoapVersion.Soap11,
                "1.2" => SoapVersion.Soap12,
                _ => throw file.Error(reader.Argument("soapVersion").Value, "'soapVersion' is \"1.1\" or \"1.2\""),
            };
            var action = reader.Text("soapAction") ?? $"{ns.TrimEnd('/')}/{operation}";
            return ("POST", new LiteralExpression(0, System.Text.Json.Nodes.JsonValue.Create("")), new SoapCall(operation, ns, action, version, reader.Expression("soapHeader")));
        }

        var body = reader.Expression("body");
        var batched = path.Paths().Concat(body?.Paths() ?? []).Any(p => p.Variable == Scope.KeysVariable);
        var batchBy = reader.Expression("batchBy");
        if (batchBy is not null && !batched)
        {
            throw file.Error(reader.Argument("batchBy"), "'batchBy' splits a batch of keys ($keys) into calls; this @connect makes one call per key");
        }
        return new Fetch
        {
            Source = source,
            Method = HttpMethod.Parse(method),
            Path = path,
            Soap = soap,
            Body = body,
            Batched = batched,
            BatchBy = batchBy,
            Items = reader.Expression("items"),
            Match = reader.Expression("match"),
            Error = reader.Expression("error"),
            CacheKey = reader.Expression("cacheKey"),
            Check = reader.Expression("check"),
            Tag = reader.Expression("tag"),
            Headers = Headers(reader),
            Query = Query(reader),
            Entity = reader.Text("entity", required: entity is null) ?? entity!,
            Ttl = reader.Duration("ttl", TimeSpan.FromMinutes(1)),
            Grace = reader.Duration("grace", TimeSpan.FromMinutes(10)),
            RetrySafe = method == "GET" || reader.Flag("retrySafe"),
        };
    }

    /// <summary><c>query: "{ limit: $page.limit, startingAfter: $page.after }"</c>: query parameters; a null one is left out.</summary>
    private static ObjectExpression? Query(DirectiveReader reader)
    {
        if (reader.Expression("query") is not { } query)
        {
            return null;
        }
        if (!reader.Has("http"))
        {
            throw reader.File.Error(reader.Argument("query"), "'query' gives the query parameters of an 'http' call");
        }
        return query as ObjectExpression
            ?? throw reader.File.Error(reader.Argument("query").Value, "'query' is an object of parameter names and values: \"{ limit: $page.limit }\"");
    }

    /// <summary><c>headers: "{ 'Idempotency-Key': $args.input.key }"</c>: an object whose names are header names.</summary>
    private static ObjectExpression? Headers(DirectiveReader reader)
    {
        if (reader.Expression("headers") is not { } headers)
        {
            return null;
        }
        if (headers is not ObjectExpression members)
        {
            throw reader.File.Error(reader.Argument("headers").Value, "'headers' is an object of header names and values: \"{ 'Idempotency-Key': $args.input.key }\"");
        }
        foreach (var (name, value) in members.Members)
        {
            if (!HeaderNames.IsToken(name) || ForwardedHeadersHandler.IsNeverForwarded(name) && !name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                throw reader.File.Error(reader.File.ContentStart(reader.Value("headers")!) + value.Offset,
                    $"'headers' cannot set '{name}': a header name is a token, and hop-by-hop, Host, Cookie and forwarding headers are the gateway's");
            }
        }
        return members;
    }

    /// <summary>An object selection must name fields of the declared type and fill every non-null one.</summary>
    private void CheckSelection(SourceText file, GraphQLType type, Expression? select, GraphQLStringValue? value)
    {
        var typeName = NamedType(type).Name.StringValue;
        if (select is not ObjectExpression selection || value is null
            || !model.Types.TryGetValue(typeName, out var declared) || declared.Definition is not GraphQLObjectTypeDefinition target)
        {
            return;
        }
        var start = file.ContentStart(value);
        var fields = (target.Fields?.Items ?? []).ToDictionary(f => f.Name.StringValue, StringComparer.Ordinal);
        foreach (var (name, member) in selection.Members)
        {
            if (!fields.ContainsKey(name))
            {
                throw file.Error(start + member.Offset, $"'select' sets '{name}', which '{typeName}' does not have");
            }
        }
        foreach (var (name, definition) in fields)
        {
            if (definition.Type is GraphQLNonNullType && selection.Members.All(m => m.Name != name))
            {
                throw file.Error(start + selection.Offset, $"'select' leaves out '{name}', which '{typeName}' declares non-null");
            }
        }
    }

    /// <summary>The scope <c>@requiresScope</c> gives a field, if any (checked by the compiler).</summary>
    public static string? RequiredScope(GraphQLFieldDefinition field) =>
        field.Directives?.Items.FirstOrDefault(d => d.Name.StringValue == ScopeDirective)?.Arguments?.Items[0].Value is GraphQLStringValue scope
            ? scope.Value.ToString()
            : null;

    public static GraphQLNamedType NamedType(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => NamedType(nonNull.Type),
        GraphQLListType list => NamedType(list.Type),
        _ => (GraphQLNamedType)type,
    };

    private static string Describe(ASTNode node) => node.Kind.ToString();
}
