using System.Security.Claims;
using Gateway.Sources.Common.Errors;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace Gateway.Sources.Common.Authorization;

/// <summary>
/// Field authorization by OAuth scope. A field marked with <see cref="ScopeAuthorization.RequireScope{TSource, TReturn}"/>
/// resolves only for a caller whose token carries that scope; anyone else gets null at that field and an
/// <c>UNAUTHENTICATED</c> (no token) or <c>FORBIDDEN</c> (token without the scope) error at its path, so the
/// rest of the operation still runs.
/// </summary>
public static class ScopeAuthorization
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    internal const string MetadataKey = "gateway:requiredScope";

    /// <summary>Requires <paramref name="scope"/> to resolve this field (queries, mutations and subscriptions).</summary>
    public static FieldBuilder<TSource, TReturn> RequireScope<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string scope)
    {
        field.FieldType.WithMetadata(MetadataKey, scope);
        return field;
    }

    /// <summary>Requires <paramref name="scope"/> to resolve <paramref name="field"/> (for fields built without a builder).</summary>
    public static FieldType RequireScope(this FieldType field, string scope) => field.WithMetadata(MetadataKey, scope);

    /// <summary>The scope a field requires, or null when it is open to everyone.</summary>
    public static string? RequiredScope(this FieldType field) => field.GetMetadata<string?>(MetadataKey);

    /// <summary>
    /// Whether <paramref name="user"/> was granted <paramref name="scope"/>: in a space-separated <c>scope</c> or
    /// <c>scp</c> claim (RFC 8693, and the form some issuers use), or in one such claim per scope.
    /// </summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope)
    {
        foreach (var claim in user.Claims)
        {
            if (claim.Type is "scope" or "scp" or "http://schemas.microsoft.com/identity/claims/scope")
            {
                // Read in place: a field checked for each of 50 customers splits no strings.
                var granted = claim.Value.AsSpan();
                foreach (var range in granted.Split(' '))
                {
                    if (granted[range].SequenceEqual(scope))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>Throws the error the caller of a field requiring <paramref name="scope"/> gets, if any.</summary>
    internal static void Authorize(IResolveFieldContext context, string scope)
    {
        // The field's name goes into the error only: a caller with the scope pays for no message.
        if (context.User is { Identity.IsAuthenticated: true } user && user.HasScope(scope))
        {
            return;
        }
        if (Refusal(context, scope, $"'{context.FieldDefinition.Name}'") is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>The error a caller without <paramref name="scope"/> gets for <paramref name="what"/> (<c>'payment'</c>, <c>A Payment</c>), or null when it has the scope.</summary>
    internal static AuthorizationError? Refusal(IResolveFieldContext context, string scope, string what)
    {
        var user = context.User;
        if (user?.Identity?.IsAuthenticated != true)
        {
            return new AuthorizationError(Unauthenticated, $"{what} needs a bearer token with the '{scope}' scope.");
        }
        return user.HasScope(scope) ? null : new AuthorizationError(Forbidden, $"{what} needs the '{scope}' scope, which the token does not carry.");
    }
}
