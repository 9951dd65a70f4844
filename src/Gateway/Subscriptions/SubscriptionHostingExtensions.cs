using Gateway.Sources.Common.Caching;
using Gateway.Sources.Common.Events;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Subscriptions: the event bus and coordination store (Redis when <c>ConnectionStrings:Redis</c> is set, so events
/// fan out across instances; in-process otherwise). The transports that carry them are registered with the others
/// (<c>AddGraphQLHttpTransport</c>).
/// </summary>
public static class SubscriptionHostingExtensions
{
    public static IHostApplicationBuilder AddGatewaySubscriptions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddGatewayRedis();
        services.AddSingleton<IEventBus>(sp => UsesRedis(sp)
            ? ActivatorUtilities.CreateInstance<RedisEventBus>(sp)
            : new InMemoryEventBus());
        services.AddSingleton<ICoordinationStore>(sp => UsesRedis(sp)
            ? ActivatorUtilities.CreateInstance<RedisCoordinationStore>(sp, sp.GetRequiredService<RedisConnection>())
            : ActivatorUtilities.CreateInstance<MemoryCoordinationStore>(sp));
        return builder;
    }

    private static bool UsesRedis(IServiceProvider services) =>
        !string.IsNullOrEmpty(services.GetRequiredService<IConfiguration>().GetConnectionString("Redis"));
}
