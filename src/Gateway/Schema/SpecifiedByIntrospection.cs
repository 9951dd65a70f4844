using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;
using GraphQLParser.AST;

namespace Gateway.Schema;

/// <summary>
/// <c>@specifiedBy(url:)</c> on the scalars that follow a published specification, and <c>specifiedByURL</c>
/// on <c>__Type</c> (GraphQL, October 2021), which GraphQL.NET 8 does not introspect: graphql-js 16 asks for it when
/// a client turns every introspection option on, and such a query would otherwise fail validation; and
/// <c>includeDeprecated</c> on a directive's <c>args</c>, which it asks for as well.
/// </summary>
public sealed class SpecifiedByIntrospection : BaseSchemaNodeVisitor
{
    public const string DirectiveName = "specifiedBy";

    /// <summary>
    /// The scalars that follow a published specification (the GraphQL Scalars project's), as instances of this
    /// schema's own that carry <c>@specifiedBy</c>: GraphQL.NET's built-in scalar instances are shared by every schema
    /// in the process, so they are never changed; registered under the same names, these replace them in this schema.
    /// </summary>
    public static IEnumerable<ScalarGraphType> Scalars()
    {
        var dateTime = new DateTimeGraphType();
        dateTime.ApplyDirective(DirectiveName, "url", "https://scalars.graphql.org/andimarek/date-time");
        var date = new DateOnlyGraphType();
        date.ApplyDirective(DirectiveName, "url", "https://scalars.graphql.org/andimarek/local-date");
        return [dateTime, date];
    }

    /// <summary>The directives' definitions, for the schema to register: <c>@specifiedBy</c>, and <c>@oneOf</c>, which the schema's inputs use.</summary>
    public static IEnumerable<Directive> Definitions() =>
    [
        new IntrospectedDirective(DirectiveName, DirectiveLocation.Scalar, "Exposes a URL that specifies the behaviour of this scalar.",
            new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "url", Description = "The URL that specifies the behaviour of this scalar." }),
        new IntrospectedDirective("oneOf", DirectiveLocation.InputObject,
            "Indicates exactly one field must be supplied and this field must not be `null`."),
    ];

    /// <summary>A type-system directive is left out of introspection unless it says otherwise; graphql-js lists these.</summary>
    private sealed class IntrospectedDirective : Directive
    {
        public IntrospectedDirective(string name, DirectiveLocation location, string description, params QueryArgument[] arguments)
            : base(name, location)
        {
            Description = description;
            if (arguments.Length > 0)
            {
                Arguments = new QueryArguments(arguments);
            }
        }

        public override bool? Introspectable => true;
    }

    /// <summary>Held while an introspection type is extended, in case GraphQL.NET shares them between schemas as it shares its scalars.</summary>
    private static readonly Lock Gate = new();

    public override void VisitObject(IObjectGraphType type, ISchema schema)
    {
        if (type.Name is "__Directive" or "__Type")
        {
            lock (Gate)
            {
                Extend(type, schema);
            }
        }
    }

    private static void Extend(IObjectGraphType type, ISchema schema)
    {
        if (type.Name == "__Directive" && type.GetField("args") is { } args && args.Arguments?.Find("includeDeprecated") is null)
        {
            // graphql-js asks for a directive's args(includeDeprecated: true) too, which GraphQL.NET 8 defines only
            // on fields and input objects: the argument, with the same meaning (deprecated arguments only when true).
            (args.Arguments ??= []).Add(new QueryArgument<BooleanGraphType> { Name = "includeDeprecated", DefaultValue = false, ResolvedType = schema.AllTypes["Boolean"] });
            var all = args.Resolver!;
            args.Resolver = new FuncFieldResolver<object?>(async context =>
            {
                var result = await all.ResolveAsync(context).ConfigureAwait(false);
                return context.GetArgument<bool>("includeDeprecated") || result is not IEnumerable<QueryArgument> arguments
                    ? result
                    : arguments.Where(argument => argument.DeprecationReason is null).ToList();
            });
        }
        if (type.Name != "__Type" || type.HasField("specifiedByURL"))
        {
            return;
        }
        type.AddField(new FieldType
        {
            Name = "specifiedByURL",
            Description = "The URL of the specification a scalar follows, if it names one.",
            Type = typeof(StringGraphType),
            ResolvedType = schema.AllTypes["String"],
            Resolver = new FuncFieldResolver<object?>(context =>
                context.Source is ScalarGraphType scalar && scalar.FindAppliedDirective(DirectiveName)?.FindArgument("url")?.Value is string url ? url : null),
        });
    }
}
