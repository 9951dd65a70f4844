using System.Runtime.CompilerServices;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A request's scoped service (its loaders, say), asked of the container once per request. The fields of one request
/// resolve in parallel, and every container lookup of a scoped service takes the scope's lock: under load that lock
/// was a seventh of the gateway's CPU samples. Later lookups of the same request read a weak table without locking.
/// </summary>
public static class RequestScoped
{
    public static T Scoped<T>(this IServiceProvider services) where T : class => Table<T>.Of(services);

    private static class Table<T> where T : class
    {
        private static readonly ConditionalWeakTable<IServiceProvider, T> ByScope = new();

        public static T Of(IServiceProvider services) =>
            ByScope.TryGetValue(services, out var known)
                ? known
                : ByScope.GetValue(services, static scope => scope.GetRequiredService<T>());
    }
}
