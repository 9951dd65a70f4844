using System.Globalization;
using Gateway.Sources.Declarative.Expressions;
using GraphQLParser.AST;

namespace Gateway.Sources.Declarative.Definitions;

/// <summary>
/// Reads one <c>@connect</c>'s arguments, reporting every problem at its place: unknown arguments, values of the wrong
/// kind, expressions that do not parse, and paths that read what is not there (an argument the field does not
/// declare, a field the parent type does not have, a variable the argument cannot see).
/// </summary>
internal sealed class DirectiveReader
{
    private readonly Dictionary<string, GraphQLArgument> _arguments = new(StringComparer.Ordinal);
    private readonly string _coordinate;
    private readonly string? _parentType;
    private readonly IReadOnlySet<string> _fieldArguments;
    private readonly SourceModel _model;

    /// <summary>
    /// Reads <paramref name="directive"/> of <paramref name="coordinate"/>, which may take the arguments in
    /// <paramref name="allowed"/>. <paramref name="parentType"/> is the type the field is added to, null for a type's
    /// own <c>@connect</c> (which has no parent or arguments); <paramref name="fieldArguments"/> the field's arguments.
    /// </summary>
    public DirectiveReader(SourceText file, GraphQLDirective directive, string coordinate, IReadOnlySet<string> allowed, string? parentType,
        IReadOnlySet<string> fieldArguments, SourceModel model)
    {
        File = file;
        Directive = directive;
        _coordinate = coordinate;
        _parentType = parentType;
        _fieldArguments = fieldArguments;
        _model = model;
        foreach (var argument in directive.Arguments?.Items ?? [])
        {
            var name = argument.Name.StringValue;
            if (!allowed.Contains(name))
            {
                throw file.Error(argument, parentType is null && SourceCompiler.FieldArguments.Contains(name)
                    ? $"a type's @connect has no '{name}': the fields that load '{coordinate}' give it"
                    : $"@{directive.Name.StringValue} has no argument '{name}' (it takes {string.Join(", ", allowed)})");
            }
            _arguments[name] = argument;
        }
    }

    public SourceText File { get; }

    public GraphQLDirective Directive { get; }

    public bool Has(string name) => _arguments.ContainsKey(name);

    public GraphQLArgument Argument(string name) => _arguments[name];

    public GraphQLStringValue? Value(string name) => _arguments.GetValueOrDefault(name)?.Value as GraphQLStringValue;

    public string? Text(string name, bool required = false)
    {
        if (!_arguments.TryGetValue(name, out var argument))
        {
            return required ? throw File.Error(Directive, $"@{Directive.Name.StringValue} on '{_coordinate}' needs '{name}'") : null;
        }
        return argument.Value is GraphQLStringValue text
            ? text.Value.ToString()
            : throw File.Error(argument.Value, $"'{name}' is a string");
    }

    public Expression? Expression(string name, bool required = false)
    {
        if (Text(name, required) is not { } text)
        {
            return null;
        }
        var start = File.ContentStart(Value(name)!);
        Expression expression;
        try
        {
            expression = ExpressionParser.Parse(text);
        }
        catch (ExpressionSyntaxException ex)
        {
            throw File.Error(start + ex.Offset, $"'{name}' of @{Directive.Name.StringValue} on '{_coordinate}': {ex.Message}");
        }
        CheckPaths(expression, name, start);
        return expression;
    }

    /// <summary>A text with <c>{expr}</c> interpolated (a message), read as the expression it is.</summary>
    public Expression? Template(string name, bool required = false)
    {
        if (Text(name, required) is not { } text)
        {
            return null;
        }
        // Quotes and backslashes outside the braces are the message's own characters.
        var quoted = new System.Text.StringBuilder("'");
        var depth = 0;
        foreach (var c in text)
        {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0 && c is '\\' or '\'')
            {
                quoted.Append('\\');
            }
            quoted.Append(c);
        }
        Expression expression;
        try
        {
            expression = ExpressionParser.Parse(quoted.Append('\'').ToString());
        }
        catch (ExpressionSyntaxException ex)
        {
            throw File.Error(File.ContentStart(Value(name)!) + Math.Max(0, ex.Offset - 1), $"'{name}' of @{Directive.Name.StringValue} on '{_coordinate}': {ex.Message}");
        }
        CheckPaths(expression, name, File.ContentStart(Value(name)!) - 1);
        return expression;
    }

    /// <summary>
    /// True for a call made once per field, not by a loader: a mutation's or a paged field's. Its <c>http</c> and
    /// <c>body</c> read <c>$args</c> (and <c>$page</c>); a loaded call's read only the key(s).
    /// </summary>
    public bool Direct { get; init; }

    /// <summary>The source whose file this is.</summary>
    public string Source { get; init; } = "";

    /// <summary>True for a paged field's call, which reads <c>$page</c>.</summary>
    public bool Paged { get; init; }

    public TimeSpan Duration(string name, TimeSpan fallback)
    {
        if (!_arguments.TryGetValue(name, out var argument))
        {
            return fallback;
        }
        return argument.Value is GraphQLStringValue text
            && TimeSpan.TryParse(text.Value.Span, CultureInfo.InvariantCulture, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw File.Error(argument.Value, $"'{name}' is a positive duration such as \"00:10:00\"");
    }

    public bool Flag(string name) => _arguments.TryGetValue(name, out var argument)
        && (argument.Value is GraphQLBooleanValue flag ? flag.BoolValue : throw File.Error(argument.Value, $"'{name}' is true or false"));

    /// <summary>Checks what each path of <paramref name="expression"/> (the value of argument <paramref name="name"/>) reads.</summary>
    public void CheckPaths(Expression expression, string name, int start)
    {
        foreach (var path in expression.Paths())
        {
            var at = start + path.Offset;
            var variable = path.Variable;
            if (name is "cacheKey" or "batchBy" or "check" or "tag" && variable != Scope.KeyVariable)
            {
                throw File.Error(at, $"'{name}' is computed from the key alone: it reads '$key'");
            }
            if (name == "changes" && variable != Scope.ItemVariable)
            {
                throw File.Error(at, "'changes' reads the field's value (bare names, or '$')");
            }
            if (variable == Scope.KeysVariable && name is not ("http" or "body" or "headers" or "query"))
            {
                throw File.Error(at, "'$keys' (all keys of a batch) is read only by 'http', 'body', 'query' and 'headers'");
            }
            if (variable == Scope.PageVariable && (!Paged || name is not ("http" or "body" or "headers" or "query")))
            {
                throw File.Error(at, "'$page' (the page asked for) is read by 'http' and 'body' of a field with paging");
            }
            if (variable == Scope.PageVariable && path.Members is not (["offset" or "limit" or "number" or "size" or "after"]))
            {
                throw File.Error(at, "'$page' has offset, limit, number (from 1), size and after");
            }
            if (name is "http" or "body" or "headers" or "query" && _parentType is not null)
            {
                if (Direct && variable is Scope.KeyVariable or Scope.KeysVariable)
                {
                    throw File.Error(at, $"'{_coordinate}' makes one call each time it is resolved: its '{name}' reads '$args' (and '$page'), not '${variable}'");
                }
                if (!Direct && variable is Scope.ArgsVariable or Scope.ThisVariable)
                {
                    throw File.Error(at, $"'{name}' is computed from the key ('$key', or '$keys' for a batch); build the key from '${variable}' with 'key'");
                }
            }
            if (name is "if" or "message" && variable != Scope.ArgsVariable)
            {
                throw File.Error(at, $"'{name}' of @userError reads the arguments ('$args')");
            }
            if (variable is Scope.ThisVariable or Scope.ArgsVariable && _parentType is null)
            {
                throw File.Error(at, $"a type's @connect loads by key alone: it reads '$key' or '$keys' and the item, not '${variable}'");
            }
            if (variable == Scope.ArgsVariable && (path.Members.Count == 0 || !_fieldArguments.Contains(path.Members[0])))
            {
                throw File.Error(at, path.Members.Count == 0
                    ? "'$args' needs an argument name ($args.<name>)"
                    : $"'{_coordinate}' has no argument '{path.Members[0]}'");
            }
            if (variable == Scope.ThisVariable && _parentType is "Query" or "Mutation" or "Subscription")
            {
                throw File.Error(at, "a root field has no parent: '$this' is for fields added to object types");
            }
            if (variable == Scope.ThisVariable && path.Members.Count > 0
                && _model.Types.TryGetValue(_parentType!, out var parent) && parent.Definition is GraphQLObjectTypeDefinition parentObject
                && parentObject.Fields?.Items.All(f => f.Name.StringValue != path.Members[0]) != false)
            {
                throw File.Error(at, $"'{_parentType}' has no field '{path.Members[0]}'");
            }
        }
    }
}
