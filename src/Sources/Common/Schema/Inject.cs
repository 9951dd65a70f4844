using GraphQL;
using GraphQL.Resolvers;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Common.Schema;

/// <summary>
/// A resolver that receives one of the request's services (its loaders, its deadline, a typed client) as an argument
/// instead of fetching it: the service is looked up once per request without the scope's lock
/// (<see cref="RequestScoped"/>), here and nowhere else. It is a field resolver for a field builder's <c>Resolve</c> or a field's <c>Resolver</c>:
/// <c>.Resolve(Inject&lt;PaymentByIdDataLoader&gt;.Into((context, payments) =&gt; payments.Load(id, context)))</c>.
/// </summary>
public static class Inject<TService> where TService : class
{
    public static IFieldResolver Into(Func<IResolveFieldContext, TService, object?> resolve) =>
        new FuncFieldResolver<object?>(context => resolve(context, From(context)));

    public static IFieldResolver IntoAsync(Func<IResolveFieldContext, TService, ValueTask<object?>> resolve) =>
        new FuncFieldResolver<object?>(context => resolve(context, From(context)));

    /// <summary>The request's service, for what runs for a field without being its resolver (a node loader, say).</summary>
    public static TService From(IResolveFieldContext context) =>
        (context.RequestServices ?? throw new InvalidOperationException("The field runs without request services.")).Scoped<TService>();
}

/// <summary>A resolver that receives two of the request's services; see <see cref="Inject{TService}"/>.</summary>
public static class Inject<TService1, TService2> where TService1 : class where TService2 : class
{
    public static IFieldResolver IntoAsync(Func<IResolveFieldContext, TService1, TService2, ValueTask<object?>> resolve) =>
        new FuncFieldResolver<object?>(context => resolve(context, Inject<TService1>.From(context), Inject<TService2>.From(context)));
}

/// <summary>A resolver that receives three of the request's services; see <see cref="Inject{TService}"/>.</summary>
public static class Inject<TService1, TService2, TService3> where TService1 : class where TService2 : class where TService3 : class
{
    public static IFieldResolver IntoAsync(Func<IResolveFieldContext, TService1, TService2, TService3, ValueTask<object?>> resolve) =>
        new FuncFieldResolver<object?>(context => resolve(context, Inject<TService1>.From(context),
            Inject<TService2>.From(context), Inject<TService3>.From(context)));
}
