using System.Globalization;
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
    private static readonly HashSet<string> ConnectArguments = new(StringComparer.Ordinal)
    {
        "http", "soap", "namespace", "soapAction", "soapVersion", "body", "key", "items", "match", "select", "error", "entity", "ttl",
        "grace", "retrySafe",
    };

    public void Compile(IReadOnlyList<(string Source, SourceText File, GraphQLDocument Document)> documents)
    {
        foreach (var (source, file, document) in documents)
        {
            foreach (var definition in document.Definitions)
            {
                switch (definition)
                {
                    case GraphQLObjectTypeDefinition or GraphQLEnumTypeDefinition or GraphQLInputObjectTypeDefinition:
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
                        throw file.Error(definition, $"a source file declares object, enum and input types and 'extend type'; {Describe(definition)} is not supported");
                }
            }
        }

        foreach (var (source, file, document) in documents)
        {
            foreach (var definition in document.Definitions)
            {
                if (definition is GraphQLObjectTypeDefinition owned)
                {
                    foreach (var field in owned.Fields?.Items ?? [])
                    {
                        CheckField(file, field);
                        if (Directive(field) is { } directive)
                        {
                            throw file.Error(directive, "@connect belongs on a field added with 'extend type'; fields of a source's own types are read from the item its connector answered");
                        }
                    }
                }
                else if (definition is GraphQLInputObjectTypeDefinition input)
                {
                    foreach (var field in input.Fields?.Items ?? [])
                    {
                        CheckTypeReference(file, field.Type);
                    }
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
                    foreach (var field in extension.Fields?.Items ?? [])
                    {
                        CheckField(file, field);
                        var connector = Directive(field) is { } directive ? CompileConnector(source, file, target, field, directive) : null;
                        if (connector is null)
                        {
                            throw file.Error(field.Name, $"'{target}.{field.Name.StringValue}' says nothing about how it is fetched: add @connect");
                        }
                        if (!model.Extensions.TryGetValue(target, out var fields))
                        {
                            model.Extensions[target] = fields = [];
                        }
                        fields.Add(new DeclaredField(source, file, field, connector));
                    }
                }
            }
        }
    }

    private static GraphQLDirective? Directive(GraphQLFieldDefinition field) =>
        field.Directives?.Items.FirstOrDefault(d => d.Name.StringValue == ConnectDirective);

    private void CheckField(SourceText file, GraphQLFieldDefinition field)
    {
        CheckTypeReference(file, field.Type);
        foreach (var argument in field.Arguments?.Items ?? [])
        {
            CheckTypeReference(file, argument.Type);
        }
        foreach (var directive in field.Directives?.Items ?? [])
        {
            switch (directive.Name.StringValue)
            {
                case ConnectDirective or "deprecated":
                    break;
                case ScopeDirective:
                    if (directive.Arguments?.Items is not [{ Name.StringValue: "scope", Value: GraphQLStringValue { Value.Length: > 0 } }])
                    {
                        throw file.Error(directive, "@requiresScope takes one argument, scope: the scope a token needs for this field (\"payments:read\")");
                    }
                    break;
                default:
                    throw file.Error(directive, $"unknown directive '@{directive.Name.StringValue}'; source files use @connect and @requiresScope");
            }
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

    private Connector CompileConnector(string source, SourceText file, string parentType, GraphQLFieldDefinition field, GraphQLDirective directive)
    {
        var arguments = new Dictionary<string, GraphQLArgument>(StringComparer.Ordinal);
        foreach (var argument in directive.Arguments?.Items ?? [])
        {
            var name = argument.Name.StringValue;
            if (!ConnectArguments.Contains(name))
            {
                throw file.Error(argument, $"@connect has no argument '{name}' (it takes {string.Join(", ", ConnectArguments)})");
            }
            arguments[name] = argument;
        }
        var coordinate = $"{parentType}.{field.Name.StringValue}";
        var fieldArguments = (field.Arguments?.Items ?? []).Select(a => a.Name.StringValue).ToHashSet(StringComparer.Ordinal);

        string? Text(string name, bool required = false)
        {
            if (!arguments.TryGetValue(name, out var argument))
            {
                return required ? throw file.Error(directive, $"@connect on '{coordinate}' needs '{name}'") : null;
            }
            return argument.Value is GraphQLStringValue text
                ? text.Value.ToString()
                : throw file.Error(argument.Value, $"'{name}' is a string");
        }

        Expression? Compile(string name, bool required = false)
        {
            if (Text(name, required) is not { } text)
            {
                return null;
            }
            var value = (GraphQLStringValue)arguments[name].Value;
            var start = file.ContentStart(value);
            Expression expression;
            try
            {
                expression = ExpressionParser.Parse(text);
            }
            catch (ExpressionSyntaxException ex)
            {
                throw file.Error(start + ex.Offset, $"'{name}' of @connect on '{coordinate}': {ex.Message}");
            }
            CheckPaths(expression, name, start);
            return expression;
        }

        void CheckPaths(Expression expression, string name, int start)
        {
            foreach (var path in expression.Paths())
            {
                var at = start + path.Offset;
                if (path.Variable == Scope.ArgsVariable && (path.Members.Count == 0 || !fieldArguments.Contains(path.Members[0])))
                {
                    throw file.Error(at, path.Members.Count == 0
                        ? "'$args' needs an argument name ($args.<name>)"
                        : $"'{coordinate}' has no argument '{path.Members[0]}'");
                }
                if (path.Variable == Scope.ThisVariable && path.Members.Count > 0
                    && model.Types.TryGetValue(parentType, out var parent) && parent.Definition is GraphQLObjectTypeDefinition parentObject
                    && parentObject.Fields?.Items.All(f => f.Name.StringValue != path.Members[0]) != false)
                {
                    throw file.Error(at, $"'{parentType}' has no field '{path.Members[0]}'");
                }
                if (path.Variable == Scope.KeysVariable && name is not ("http" or "body"))
                {
                    throw file.Error(at, "'$keys' (all keys of a batch) is read only by 'http' and 'body'");
                }
                if (path.Variable == Scope.ThisVariable && parentType is "Query" or "Mutation")
                {
                    throw file.Error(at, "a root field has no parent: '$this' is for fields added to object types");
                }
            }
        }

        if (arguments.ContainsKey("http") == arguments.ContainsKey("soap"))
        {
            throw file.Error(directive, $"@connect on '{coordinate}' needs either 'http' (REST) or 'soap' (a SOAP operation)");
        }
        var (method, path, soap) = arguments.ContainsKey("soap") ? SoapOperation() : HttpLine();

        (string Method, Expression Path, SoapCall? Soap) HttpLine()
        {
            var http = Text("http")!;
            var space = http.IndexOf(' ', StringComparison.Ordinal);
            var verb = space > 0 ? http[..space].ToUpperInvariant() : "";
            if (verb is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                throw file.Error(arguments["http"].Value, $"'http' is \"<METHOD> <path>\" with GET, POST, PUT, PATCH or DELETE, not \"{http}\"");
            }
            var pathText = http[(space + 1)..].Trim().TrimStart('/');
            var httpValue = (GraphQLStringValue)arguments["http"].Value;
            Expression template;
            try
            {
                template = ExpressionParser.Parse("'" + pathText + "'");
            }
            catch (ExpressionSyntaxException ex)
            {
                throw file.Error(file.ContentStart(httpValue) + space + ex.Offset, $"'http' of @connect on '{coordinate}': {ex.Message}");
            }
            CheckPaths(template, "http", file.ContentStart(httpValue) + http.Length - pathText.Length - 1);
            return (verb, template, null);
        }

        (string Method, Expression Path, SoapCall? Soap) SoapOperation()
        {
            var operation = Text("soap")!;
            if (!System.Xml.XmlReader.IsName(operation) || operation.Contains(':', StringComparison.Ordinal))
            {
                throw file.Error(arguments["soap"].Value, $"'soap' names the operation's request element, such as \"GetCustomers\", not \"{operation}\"");
            }
            var ns = Text("namespace", required: true)!;
            var version = Text("soapVersion") switch
            {
                null or "1.1" => SoapVersion.Soap11,
                "1.2" => SoapVersion.Soap12,
                _ => throw file.Error(arguments["soapVersion"].Value, "'soapVersion' is \"1.1\" or \"1.2\""),
            };
            var action = Text("soapAction") ?? $"{ns.TrimEnd('/')}/{operation}";
            return ("POST", new LiteralExpression(0, System.Text.Json.Nodes.JsonValue.Create("")), new SoapCall(operation, ns, action, version));
        }

        var body = Compile("body");
        var key = Compile("key", required: true)!;
        var batched = path.Paths().Concat(body?.Paths() ?? []).Any(p => p.Variable == Scope.KeysVariable);
        var select = Compile("select");
        CheckSelection(file, field, select, (GraphQLStringValue?)(arguments.GetValueOrDefault("select")?.Value));

        return new Connector
        {
            Source = source,
            Coordinate = coordinate,
            Method = HttpMethod.Parse(method),
            Path = path,
            Soap = soap,
            Body = body,
            Key = key,
            Batched = batched,
            Items = Compile("items"),
            Match = Compile("match"),
            Select = select,
            Error = Compile("error"),
            Entity = Text("entity", required: true)!,
            Ttl = Duration(file, arguments, "ttl", TimeSpan.FromMinutes(1)),
            Grace = Duration(file, arguments, "grace", TimeSpan.FromMinutes(10)),
            RetrySafe = method == "GET" || (arguments.TryGetValue("retrySafe", out var retrySafe)
                ? retrySafe.Value is GraphQLBooleanValue flag ? flag.BoolValue : throw file.Error(retrySafe.Value, "'retrySafe' is true or false")
                : false),
        };
    }

    /// <summary>An object selection must name fields of the declared type and fill every non-null one.</summary>
    private void CheckSelection(SourceText file, GraphQLFieldDefinition field, Expression? select, GraphQLStringValue? value)
    {
        var typeName = NamedType(field.Type).Name.StringValue;
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

    private static TimeSpan Duration(SourceText file, Dictionary<string, GraphQLArgument> arguments, string name, TimeSpan fallback)
    {
        if (!arguments.TryGetValue(name, out var argument))
        {
            return fallback;
        }
        return argument.Value is GraphQLStringValue text
            && TimeSpan.TryParse(text.Value.Span, CultureInfo.InvariantCulture, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw file.Error(argument.Value, $"'{name}' is a positive duration such as \"00:10:00\"");
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
