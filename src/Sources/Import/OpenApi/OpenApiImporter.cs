using System.Text.Json.Nodes;
using Gateway.Sources.Import.Generated;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Gateway.Sources.Import.OpenApi;

/// <summary>
/// Turns an OpenAPI 3.0 or 3.1 document (JSON or YAML, <c>$ref</c>s across files) into a declarative source: each
/// GET operation a query field, every other a mutation; parameters and the JSON body arguments; component schemas
/// types, with <c>allOf</c> merged, <c>oneOf</c>/<c>anyOf</c> of objects unions (with their discriminator) and
/// <c>@oneOf</c> inputs, enums, <c>int64</c> as <c>Long</c>, dates as <c>DateOnly</c>/<c>DateTime</c>, and free-form
/// objects as <c>JSON</c>. What cannot be called through a source (a form or file body, a cookie) is listed as skipped.
/// </summary>
public sealed class OpenApiImporter(ImportOptions options)
{
    private static readonly HttpMethod[] MethodOrder =
        [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete];

    private readonly NameScope _typeNames = new(ImportOptions.ReservedTypeNames);
    private readonly Dictionary<(string Id, bool Input), string> _components = [];
    private readonly Dictionary<(IOpenApiSchema Schema, bool Input), string> _inline = new(new SchemaKeyComparer());
    private readonly Dictionary<string, GeneratedType> _types = new(StringComparer.Ordinal);
    private GeneratedSource _source = null!;

    /// <summary>Reads the document at <paramref name="location"/> (a file or an http(s) URL) and makes its source.</summary>
    public async Task<GeneratedSource> ImportAsync(string location, CancellationToken cancellationToken = default)
    {
        var document = await LoadAsync(location, cancellationToken).ConfigureAwait(false);
        return Import(document, location);
    }

    /// <summary>The document, with its external references loaded; a document that does not read is an <see cref="ImportException"/>.</summary>
    public static async Task<OpenApiDocument> LoadAsync(string location, CancellationToken cancellationToken = default)
    {
        // Real documents often break the specification's recommendations (a discriminator property that is not
        // required, an operation without responses); what matters is that they read, so only reading errors count.
        var settings = new OpenApiReaderSettings { LoadExternalRefs = true, RuleSet = Microsoft.OpenApi.ValidationRuleSet.GetEmptyRuleSet() };
        settings.AddYamlReader();
        var isUrl = Uri.TryCreate(location, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
        string path;
        if (isUrl)
        {
            path = location;
            settings.BaseUrl = url;
        }
        else
        {
            path = Path.GetFullPath(location);
            if (!File.Exists(path))
            {
                throw new ImportException($"{location}: no such file");
            }
            settings.BaseUrl = new Uri(path);
        }
        ReadResult result;
        try
        {
            result = await OpenApiDocument.LoadAsync(path, settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ImportException($"{location}: not an OpenAPI document ({ex.Message})");
        }
        if (result.Diagnostic?.Errors is { Count: > 0 } errors || result.Document is null)
        {
            var problems = result.Diagnostic?.Errors.Select(e => string.IsNullOrEmpty(e.Pointer) ? e.Message : $"{e.Pointer}: {e.Message}") ?? ["no document"];
            throw new ImportException($"{location}: not a valid OpenAPI document:\n  " + string.Join("\n  ", problems.Take(10)));
        }
        if (result.Diagnostic?.SpecificationVersion is OpenApiSpecVersion.OpenApi2_0)
        {
            throw new ImportException($"{location}: a Swagger 2.0 document; the import reads OpenAPI 3.0 and 3.1 (convert it first)");
        }
        return result.Document;
    }

    public GeneratedSource Import(OpenApiDocument document, string location)
    {
        _source = new GeneratedSource { Name = options.Name };
        var title = document.Info?.Title is { Length: > 0 } t ? t : options.Name;
        _source.Header.Add($"{title} {document.Info?.Version}, imported from {Path.GetFileName(location)} by 'sources import openapi'.");
        _source.Header.Add("GET operations are query fields (their answers cached by arguments for a minute: change ttl per field), the others mutations.");
        _source.Header.Add($"The upstream's address is Sources:{options.Name}:BaseUrl (source.json beside this file); secrets go in Sources:{options.Name}:Headers:<Header>.");
        _source.BaseUrl = BaseUrl(document, location);
        foreach (var scheme in (document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>()).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (scheme.Value.Type == SecuritySchemeType.ApiKey && scheme.Value.In == ParameterLocation.Header)
            {
                _source.Header.Add($"Security '{scheme.Key}': set Sources:{options.Name}:Headers:{scheme.Value.Name}.");
            }
            else if (scheme.Value.Type is SecuritySchemeType.Http or SecuritySchemeType.OAuth2 or SecuritySchemeType.OpenIdConnect)
            {
                _source.Header.Add($"Security '{scheme.Key}': the client's Authorization header is forwarded when Sources:{options.Name}:ForwardHeaders lists it, or set Sources:{options.Name}:Headers:Authorization.");
            }
        }

        var operations = (document.Paths ?? []).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(path => (path.Value.Operations ?? []).OrderBy(o => Array.IndexOf(MethodOrder, o.Key) is var i and >= 0 ? i : 99)
                .Select(o => (Path: path.Key, Item: path.Value, o.Key, Operation: o.Value)))
            .ToList();
        var prefix = CommonPrefix(operations.Select(o => o.Path).Distinct().ToList());
        var queryNames = new NameScope();
        var mutationNames = new NameScope();
        foreach (var (path, item, method, operation) in operations)
        {
            var origin = $"{method.Method.ToUpperInvariant()} {path}";
            var id = operation.OperationId;
            var isQuery = options.IsQuery(id, method == HttpMethod.Get);
            var scope = isQuery ? queryNames : mutationNames;
            // The name is taken only once the operation is imported: a skipped one leaves it free.
            var name = scope.Free(options.FieldName(id is { Length: > 0 } ? GraphQLNames.Camel(id) : DerivedName(method, path, prefix)));
            try
            {
                var field = Operation(path, item, method, operation, name, isQuery);
                field.Origin = origin + (id is { Length: > 0 } ? $" ({id})" : "");
                scope.Take(name);
                (isQuery ? _source.Queries : _source.Mutations).Add(field);
            }
            catch (SkippedException skipped)
            {
                _source.Skipped.Add($"{origin}: {skipped.Message}");
            }
        }
        _source.Types.AddRange(_types.Values);
        return _source;
    }

    private GeneratedField Operation(string path, IOpenApiPathItem item, HttpMethod method, OpenApiOperation operation, string name, bool isQuery)
    {
        var result = Response(operation, name);
        if (result is null && isQuery)
        {
            throw new SkippedException("its answer is not JSON");
        }
        var field = new GeneratedField
        {
            Name = name,
            Type = result ?? "Boolean",
            Description = Join(operation.Summary, operation.Description),
            Deprecated = operation.Deprecated ? "Deprecated by the upstream." : null,
        };
        var variable = isQuery ? "$key" : "$args";
        var arguments = new NameScope();
        var parameters = (item.Parameters ?? []).Concat(operation.Parameters ?? [])
            .GroupBy(p => (p.Name, p.In)).Select(g => g.Last())
            .OrderBy(p => p.In == ParameterLocation.Path ? 0 : p.In == ParameterLocation.Query ? 1 : 2).ToList();
        var pathText = path.TrimStart('/');
        var query = new List<string>();
        var headers = new List<string>();
        var keyMembers = new List<string>();
        string? bodyArgument = null;
        foreach (var parameter in parameters)
        {
            if (parameter.Name is null || parameter.In is null)
            {
                continue;
            }
            if (parameter.In == ParameterLocation.Header && parameter.Name.ToUpperInvariant() is "ACCEPT" or "CONTENT-TYPE" or "AUTHORIZATION")
            {
                continue;
            }
            if (parameter.In is ParameterLocation.Cookie or ParameterLocation.QueryString
                || parameter.In == ParameterLocation.Query && parameter.Style == ParameterStyle.DeepObject
                || parameter.Schema is null && parameter.Content is not null)
            {
                if (parameter.Required)
                {
                    throw new SkippedException($"its {parameter.In.ToString()!.ToLowerInvariant()} parameter '{parameter.Name}' cannot be sent by a source");
                }
                continue;
            }
            var argumentName = arguments.Take(GraphQLNames.Camel(parameter.Name));
            var required = parameter.Required || parameter.In == ParameterLocation.Path;
            var (type, nullable) = TypeOf(parameter.Schema, $"{Pascal(name)}{GraphQLNames.Pascal(parameter.Name)}", input: true);
            if (type.StartsWith('[') && parameter.In == ParameterLocation.Path)
            {
                throw new SkippedException($"its path parameter '{parameter.Name}' is a list");
            }
            var defaultValue = parameter.Schema?.Default is { } d ? Literal(d, type) : null;
            field.Arguments.Add(new GeneratedField
            {
                Name = argumentName,
                Type = required && !nullable && defaultValue is null ? type + "!" : type,
                Description = parameter.Description,
                Default = defaultValue,
            });
            var value = $"{variable}.{argumentName}";
            keyMembers.Add($"{argumentName}: $args.{argumentName}");
            switch (parameter.In)
            {
                case ParameterLocation.Path:
                    pathText = pathText.Replace("{" + parameter.Name + "}", "{" + value + "}", StringComparison.Ordinal);
                    break;
                case ParameterLocation.Query:
                    query.Add($"{SourceFileWriter.Member(parameter.Name)}: {value}");
                    break;
                case ParameterLocation.Header:
                    headers.Add($"{SourceFileWriter.Member(parameter.Name)}: {value}");
                    break;
            }
        }
        if (pathText.Contains('\'', StringComparison.Ordinal) || pathText.Replace("{" + variable, "", StringComparison.Ordinal).Contains('{', StringComparison.Ordinal))
        {
            throw new SkippedException("its path has a parameter the operation does not declare");
        }
        if (operation.RequestBody is { } body)
        {
            var (media, schema) = JsonContent(body.Content);
            if (media is null)
            {
                if (body.Required)
                {
                    throw new SkippedException($"its body is {string.Join(" or ", body.Content?.Keys ?? [])}, not JSON");
                }
            }
            else
            {
                var argumentName = bodyArgument = arguments.Take(arguments.IsTaken("input") ? "body" : "input");
                var (type, _) = TypeOf(schema, Pascal(name) + "Body", input: true);
                field.Arguments.Add(new GeneratedField
                {
                    Name = argumentName,
                    Type = body.Required ? type + "!" : type,
                    Description = body.Description,
                });
                keyMembers.Add($"{argumentName}: $args.{argumentName}");
                if (isQuery)
                {
                    throw new SkippedException("a query with a body; name it with --mutation to import it");
                }
            }
        }
        field.Connect.Add(("http", $"{method.Method.ToUpperInvariant()} {pathText}"));
        if (isQuery)
        {
            field.Connect.Add(("key", keyMembers.Count == 0 ? "{}" : "{ " + string.Join(", ", keyMembers) + " }"));
        }
        else if (bodyArgument is not null)
        {
            field.Connect.Add(("body", $"$args.{bodyArgument}"));
        }
        if (query.Count > 0)
        {
            field.Connect.Add(("query", "{ " + string.Join(", ", query) + " }"));
        }
        if (headers.Count > 0)
        {
            field.Connect.Add(("headers", "{ " + string.Join(", ", headers) + " }"));
        }
        if (result is null)
        {
            field.Connect.Add(("select", "true"));
        }
        if (isQuery)
        {
            field.Connect.Add(("entity", name));
        }
        return field;
    }

    /// <summary>The GraphQL type of the first success answer with JSON content; null when it has none (204).</summary>
    private string? Response(OpenApiOperation operation, string name)
    {
        var responses = operation.Responses ?? [];
        foreach (var code in responses.Keys.Where(k => k.StartsWith('2')).OrderBy(k => k, StringComparer.Ordinal).Append("default"))
        {
            if (!responses.TryGetValue(code, out var response))
            {
                continue;
            }
            if (code == "default" && responses.Keys.Any(k => k.StartsWith('2')))
            {
                break;
            }
            var (media, schema) = JsonContent(response.Content);
            if (media is not null)
            {
                return TypeOf(schema, Pascal(name) + "Result", input: false).Type;
            }
        }
        return null;
    }

    /// <summary>The JSON media type of a content map (<c>application/json</c>, <c>*+json</c>, <c>*/*</c>) and its schema.</summary>
    private static (string? Media, IOpenApiSchema? Schema) JsonContent(IDictionary<string, IOpenApiMediaType>? content)
    {
        foreach (var (media, type) in (content ?? new Dictionary<string, IOpenApiMediaType>()).OrderBy(c => c.Key.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ? 0 : 1))
        {
            var plain = media.Split(';')[0].Trim().ToLowerInvariant();
            if (plain is "application/json" or "*/*" or "application/*" || plain.EndsWith("+json", StringComparison.Ordinal) || plain == "text/json")
            {
                return (media, type.Schema);
            }
        }
        return (null, null);
    }

    /// <summary>
    /// The GraphQL type of a schema (without the outer <c>!</c>) and whether the schema allows null. Named
    /// components become types of their own names; inline objects, enums and unions are named after where they are.
    /// </summary>
    private (string Type, bool Nullable) TypeOf(IOpenApiSchema? schema, string context, bool input)
    {
        if (schema is null)
        {
            return (JsonType, true);
        }
        var nullable = Nullable(schema);
        var target = Resolve(schema);
        var id = schema is OpenApiSchemaReference reference ? ReferenceName(reference) : null;
        if (NonNullBranch(target) is { } single)
        {
            return (TypeOf(single, context, input).Type, true);
        }
        var kind = KindOf(target);
        switch (kind)
        {
            case SchemaKind.Array:
                var (item, itemNullable) = TypeOf(target.Items, context + "Item", input);
                return ($"[{item}{(itemNullable ? "" : "!")}]", nullable);
            case SchemaKind.Scalar:
                return (Scalar(target), nullable);
            case SchemaKind.Json:
                return (JsonType, nullable);
        }
        var key = (id ?? "", input);
        if (id is not null && _components.TryGetValue(key, out var known))
        {
            return (known, nullable);
        }
        if (id is null && _inline.TryGetValue((target, input), out var inlineName))
        {
            return (inlineName, nullable);
        }
        // Inline schemas are named after where they are, which already carries the prefix.
        var baseName = id is not null ? GraphQLNames.Pascal(options.Prefix + GraphQLNames.Pascal(id, keepValid: false), keepValid: false) : GraphQLNames.Pascal(context, keepValid: false);
        if (kind == SchemaKind.Enum)
        {
            // An enum is one type for inputs and outputs alike.
            var enumKey = (id ?? "", !input);
            if (id is not null && _components.TryGetValue(enumKey, out var other))
            {
                _components[key] = other;
                return (other, nullable);
            }
        }
        var name = _typeNames.Take(input && kind != SchemaKind.Enum ? baseName + "Input" : baseName);
        if (id is not null)
        {
            _components[key] = name;
        }
        else
        {
            _inline[(target, input)] = name;
        }
        var description = Join(target.Title is { } title && title != id ? title : null, target.Description);
        var built = kind switch
        {
            SchemaKind.Enum => Enum(name, target, description),
            SchemaKind.Union => Union(name, target, description, input),
            _ => Object(name, target, description, input),
        };
        if (built is null)
        {
            // An object left with no fields (all read-only, say) is JSON: GraphQL has no empty types.
            if (id is not null)
            {
                _components[key] = JsonType;
            }
            else
            {
                _inline[(target, input)] = JsonType;
            }
            return (JsonType, nullable);
        }
        _types[name] = built;
        return (name, nullable);
    }

    private static GeneratedType Enum(string name, IOpenApiSchema schema, string? description)
    {
        var type = new GeneratedType { Kind = GeneratedKind.Enum, Name = name, Description = description };
        var names = new NameScope();
        foreach (var value in schema.Enum ?? [])
        {
            if (value is null || value.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                continue;
            }
            var text = value.GetValue<string>();
            var valueName = names.Take(GraphQLNames.Constant(text));
            type.Values.Add((valueName, valueName == text ? null : text, null));
        }
        return type;
    }

    private GeneratedType Union(string name, IOpenApiSchema schema, string? description, bool input)
    {
        var branches = (schema.OneOf?.Count > 0 ? schema.OneOf : schema.AnyOf)!.Where(b => !IsNull(b)).ToList();
        var members = new List<(string Type, IOpenApiSchema Branch)>();
        foreach (var (branch, i) in branches.Select((b, i) => (b, i)))
        {
            var context = branch is OpenApiSchemaReference r ? ReferenceName(r)! : $"{name}{i + 1}";
            var (type, _) = TypeOf(branch, context, input);
            if (!members.Any(m => m.Type == type))
            {
                members.Add((type, branch));
            }
        }
        if (input)
        {
            var oneOf = new GeneratedType { Kind = GeneratedKind.Input, Name = name, Description = description, OneOf = true, Inline = true };
            var fields = new NameScope();
            foreach (var (type, _) in members)
            {
                var bare = type.Trim('[', ']', '!');
                var fieldName = fields.Take(GraphQLNames.Camel(bare.EndsWith("Input", StringComparison.Ordinal) ? bare[..^5] : bare, keepValid: false));
                oneOf.Fields.Add(new GeneratedField { Name = fieldName, Type = type });
            }
            return oneOf;
        }
        var union = new GeneratedType { Kind = GeneratedKind.Union, Name = name, Description = description };
        union.Members.AddRange(members.Select(m => m.Type));
        if (schema.Discriminator?.PropertyName is { Length: > 0 } property)
        {
            var values = members.Select(m => (m.Type, Values: new List<string>())).ToList();
            foreach (var (value, target) in schema.Discriminator.Mapping ?? new Dictionary<string, OpenApiSchemaReference>())
            {
                var mapped = ReferenceName(target);
                var index = members.FindIndex(m => m.Branch is OpenApiSchemaReference r && ReferenceName(r) == mapped);
                if (index >= 0)
                {
                    values[index].Values.Add(value);
                }
            }
            for (var i = 0; i < members.Count; i++)
            {
                if (values[i].Values.Count == 0 && members[i].Branch is OpenApiSchemaReference r && ReferenceName(r) is { } implicitName)
                {
                    // Without a mapping, a member is named by its schema's name.
                    values[i].Values.Add(implicitName);
                }
            }
            union.Discriminator = (property, values.Where(v => v.Values.Count > 0).ToList());
        }
        return union;
    }

    private GeneratedType? Object(string name, IOpenApiSchema schema, string? description, bool input)
    {
        var type = new GeneratedType { Kind = input ? GeneratedKind.Input : GeneratedKind.Object, Name = name, Description = description };
        var fields = new NameScope();
        var (properties, required) = Properties(schema);
        foreach (var (property, propertySchema) in properties)
        {
            var resolved = Resolve(propertySchema);
            if (input ? resolved.ReadOnly || propertySchema.ReadOnly : resolved.WriteOnly || propertySchema.WriteOnly)
            {
                continue;
            }
            var fieldName = fields.Take(GraphQLNames.Camel(property));
            var (fieldType, nullable) = TypeOf(propertySchema, name.EndsWith("Input", StringComparison.Ordinal) && input
                ? name[..^5] + GraphQLNames.Pascal(property, keepValid: false)
                : name + GraphQLNames.Pascal(property, keepValid: false), input);
            var defaultValue = input && resolved.Default is { } d ? Literal(d, fieldType) : null;
            var isRequired = required.Contains(property) && !nullable;
            var deprecated = propertySchema.Deprecated || resolved.Deprecated;
            type.Fields.Add(new GeneratedField
            {
                Name = fieldName,
                Upstream = fieldName == property ? null : property,
                Type = isRequired && (!input || defaultValue is null) && !(input && deprecated) ? fieldType + "!" : fieldType,
                Description = Join(propertySchema.Description ?? resolved.Description, null),
                Default = defaultValue,
                Deprecated = deprecated ? "Deprecated by the upstream." : null,
            });
        }
        return type.Fields.Count == 0 ? null : type;
    }

    /// <summary>An object's properties and required names, with <c>allOf</c> members merged in order.</summary>
    private static (List<(string Name, IOpenApiSchema Schema)> Properties, HashSet<string> Required) Properties(IOpenApiSchema schema)
    {
        var properties = new List<(string, IOpenApiSchema)>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        Collect(schema);
        return (properties, required);

        void Collect(IOpenApiSchema part)
        {
            var target = Resolve(part);
            if (!seen.Add(target))
            {
                return;
            }
            foreach (var member in target.AllOf ?? [])
            {
                Collect(member);
            }
            foreach (var (name, property) in target.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                var index = properties.FindIndex(p => p.Item1 == name);
                if (index >= 0)
                {
                    properties[index] = (name, property);
                }
                else
                {
                    properties.Add((name, property));
                }
            }
            required.UnionWith(target.Required ?? new HashSet<string>());
        }
    }

    private enum SchemaKind
    {
        Object,
        Enum,
        Union,
        Array,
        Scalar,
        Json,
    }

    private static SchemaKind KindOf(IOpenApiSchema schema)
    {
        var types = (schema.Type ?? 0) & ~JsonSchemaType.Null;
        if (schema.Enum is { Count: > 0 } values && values.All(v => v is null || v.GetValueKind() == System.Text.Json.JsonValueKind.String)
            && values.Any(v => v is not null) && (types is 0 or JsonSchemaType.String))
        {
            return SchemaKind.Enum;
        }
        if (types.HasFlag(JsonSchemaType.Array) && types == JsonSchemaType.Array)
        {
            return SchemaKind.Array;
        }
        var branches = (schema.OneOf?.Count > 0 ? schema.OneOf : schema.AnyOf)?.Where(b => !IsNull(b)).ToList();
        if (branches is { Count: > 0 } && (schema.Properties?.Count ?? 0) == 0)
        {
            return branches.All(b => KindOf(Resolve(b)) == SchemaKind.Object) ? SchemaKind.Union : SchemaKind.Json;
        }
        var (properties, _) = Properties(schema);
        if (properties.Count > 0)
        {
            return SchemaKind.Object;
        }
        if (types.HasFlag(JsonSchemaType.Integer) || types.HasFlag(JsonSchemaType.Number))
        {
            // ASP.NET Core writes numbers as ["number", "string"]: the number is what is meant.
            return SchemaKind.Scalar;
        }
        return types is JsonSchemaType.String or JsonSchemaType.Boolean ? SchemaKind.Scalar : SchemaKind.Json;
    }

    /// <summary>The scalar for a string, number, integer or boolean schema: text stays text whatever its format says.</summary>
    private static string Scalar(IOpenApiSchema schema)
    {
        var types = (schema.Type ?? 0) & ~JsonSchemaType.Null;
        var format = schema.Format?.ToLowerInvariant();
        if (types.HasFlag(JsonSchemaType.Integer))
        {
            return format is "int64" or "uint32" or "uint64" || Beyond32Bits(schema) ? "Long" : "Int";
        }
        if (types.HasFlag(JsonSchemaType.Number))
        {
            return format is "decimal" or "decimal128" or "money" or "currency" ? "Decimal" : format is "int64" ? "Long" : format is "int32" ? "Int" : "Float";
        }
        if (types == JsonSchemaType.Boolean)
        {
            return "Boolean";
        }
        return format switch
        {
            "date" => "DateOnly",
            "date-time" => "DateTime",
            _ => "String",
        };
    }

    private static bool Beyond32Bits(IOpenApiSchema schema) =>
        decimal.TryParse(schema.Maximum, System.Globalization.CultureInfo.InvariantCulture, out var max) && max > int.MaxValue
        || decimal.TryParse(schema.Minimum, System.Globalization.CultureInfo.InvariantCulture, out var min) && min < int.MinValue;

    /// <summary><c>oneOf: [X, null]</c> (and <c>anyOf</c>, and <c>allOf: [X]</c> with nothing else): X, which may be null.</summary>
    private static IOpenApiSchema? NonNullBranch(IOpenApiSchema schema)
    {
        foreach (var branches in new[] { schema.OneOf, schema.AnyOf })
        {
            if (branches is { Count: 2 } && branches.Count(IsNull) == 1 && (schema.Properties?.Count ?? 0) == 0)
            {
                return branches.First(b => !IsNull(b));
            }
        }
        return schema.AllOf is [var only] && (schema.Properties?.Count ?? 0) == 0 && schema.Discriminator is null && schema.Type is null or 0 ? only : null;
    }

    private static bool IsNull(IOpenApiSchema schema) => Resolve(schema).Type == JsonSchemaType.Null;

    private static bool Nullable(IOpenApiSchema schema) =>
        (schema.Type ?? 0).HasFlag(JsonSchemaType.Null) || (Resolve(schema).Type ?? 0).HasFlag(JsonSchemaType.Null)
        || (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Any(IsNull);

    private static IOpenApiSchema Resolve(IOpenApiSchema schema)
    {
        for (var depth = 0; schema is OpenApiSchemaReference reference && depth < 32; depth++)
        {
            schema = reference.Target ?? throw new ImportException($"the reference '{reference.Reference?.ReferenceV3}' leads nowhere");
        }
        return schema;
    }

    /// <summary>A referenced schema's name: the last segment of its reference (<c>#/components/schemas/Pet</c> is <c>Pet</c>).</summary>
    private static string? ReferenceName(OpenApiSchemaReference reference)
    {
        var id = reference.Reference?.Id;
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        var slash = id.LastIndexOf('/');
        return slash >= 0 ? id[(slash + 1)..] : id;
    }

    /// <summary>The gateway's scalar for what a schema cannot type.</summary>
    private const string JsonType = "JSON";

    private static string Pascal(string camel) => camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel[1..];

    /// <summary>A JSON default as a GraphQL literal of <paramref name="type"/>, or null when it cannot be one.</summary>
    private string? Literal(JsonNode node, string type)
    {
        if (_types.TryGetValue(type, out var enumType) && enumType.Kind == GeneratedKind.Enum)
        {
            return node.GetValueKind() == System.Text.Json.JsonValueKind.String
                && enumType.Values.FirstOrDefault(v => (v.Upstream ?? v.Name) == node.GetValue<string>()) is { Name: { } name } ? name : null;
        }
        return node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String when type is "String" or "ID" or "DateOnly" or "DateTime" => SourceFileWriter.Quote(node.GetValue<string>()),
            System.Text.Json.JsonValueKind.Number when type is "Int" or "Long" && long.TryParse(node.ToJsonString(), out _) => node.ToJsonString(),
            System.Text.Json.JsonValueKind.Number when type is "Float" or "Decimal" => node.ToJsonString(),
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False when type == "Boolean" => node.ToJsonString(),
            _ => null,
        };
    }

    /// <summary>
    /// A field name for an operation without an <c>operationId</c>: the path below what all paths share, its
    /// parameters as <c>By…</c>, and for other methods than GET the method first (<c>POST /pets</c> is <c>postPets</c>).
    /// </summary>
    private static string DerivedName(HttpMethod method, string path, int prefix)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = segments.Skip(Math.Min(prefix, Math.Max(segments.Length - 1, 0))).ToList();
        var words = rest.Select(s => s.StartsWith('{') && s.EndsWith('}') ? "By" + GraphQLNames.Pascal(s.Trim('{', '}'), keepValid: false) : GraphQLNames.Pascal(s, keepValid: false)).ToList();
        var name = string.Concat(words);
        if (name.Length == 0)
        {
            name = "Root";
        }
        name = method == HttpMethod.Get ? name : GraphQLNames.Pascal(method.Method, keepValid: false) + name;
        return GraphQLNames.Camel(name, keepValid: false);
    }

    /// <summary>How many leading literal segments every path shares (<c>/maps/v1</c>).</summary>
    private static int CommonPrefix(List<string> paths)
    {
        if (paths.Count == 0)
        {
            return 0;
        }
        var split = paths.Select(p => p.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var count = 0;
        while (split.All(s => s.Length > count + (paths.Count == 1 ? 1 : 0)) && split.All(s => s[count] == split[0][count]) && !split[0][count].StartsWith('{'))
        {
            count++;
        }
        return count;
    }

    /// <summary>The first server's URL, resolved against the document's own location and with its variables' defaults.</summary>
    private static string? BaseUrl(OpenApiDocument document, string location)
    {
        var server = document.Servers?.FirstOrDefault();
        if (server?.Url is not { Length: > 0 } url)
        {
            return Uri.TryCreate(location, UriKind.Absolute, out var at) && at.Scheme is "http" or "https" ? new Uri(at, "/").ToString() : null;
        }
        foreach (var (name, variable) in server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
        {
            url = url.Replace("{" + name + "}", variable.Default ?? "", StringComparison.Ordinal);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var absolute))
        {
            if (!Uri.TryCreate(location, UriKind.Absolute, out var documentUrl) || documentUrl.Scheme is not ("http" or "https")
                || !Uri.TryCreate(documentUrl, url, out absolute))
            {
                return null;
            }
        }
        var text = absolute.ToString();
        return text.EndsWith('/') ? text : text + "/";
    }

    private static string? Join(string? first, string? second)
    {
        var parts = new[] { first, second }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).Distinct().ToList();
        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }

    private sealed class SchemaKeyComparer : IEqualityComparer<(IOpenApiSchema Schema, bool Input)>
    {
        public bool Equals((IOpenApiSchema Schema, bool Input) x, (IOpenApiSchema Schema, bool Input) y) =>
            ReferenceEquals(x.Schema, y.Schema) && x.Input == y.Input;

        public int GetHashCode((IOpenApiSchema Schema, bool Input) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Schema), obj.Input);
    }
}
