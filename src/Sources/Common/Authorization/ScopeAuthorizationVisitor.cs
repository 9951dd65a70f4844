using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;

namespace Gateway.Sources.Common.Authorization;

/// <summary>Wraps the resolvers of every field that requires a scope, once, when the schema is built.</summary>
public sealed class ScopeAuthorizationVisitor : BaseSchemaNodeVisitor
{
    public override void VisitObjectFieldDefinition(FieldType field, IObjectGraphType type, ISchema schema)
    {
        if (field.RequiredScope() is not { } scope)
        {
            return;
        }
        field.Description = $"{field.Description} Requires the `{scope}` scope.".TrimStart();
        field.Resolver = new ScopedResolver(scope, field.Resolver ?? NameFieldResolver.Instance);
        if (field.StreamResolver is { } stream)
        {
            field.StreamResolver = new ScopedStreamResolver(scope, stream);
        }
    }

    private sealed class ScopedResolver(string scope, IFieldResolver inner) : IFieldResolver
    {
        public ValueTask<object?> ResolveAsync(IResolveFieldContext context)
        {
            ScopeAuthorization.Authorize(context, scope);
            return inner.ResolveAsync(context);
        }
    }

    private sealed class ScopedStreamResolver(string scope, ISourceStreamResolver inner) : ISourceStreamResolver
    {
        public ValueTask<IObservable<object?>> ResolveAsync(IResolveFieldContext context)
        {
            ScopeAuthorization.Authorize(context, scope);
            return inner.ResolveAsync(context);
        }
    }
}
