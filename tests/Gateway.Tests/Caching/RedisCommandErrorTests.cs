using System.Reflection;
using Gateway.Sources.Common.Caching;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Tests.Caching;

/// <summary>
/// A Redis client that fails every command with the client's own exception (as StackExchange.Redis does for a
/// multi-key command across cluster slots): the cache must treat it as a miss, and the queries stay complete.
/// </summary>
public sealed class RedisCommandErrorTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_client_side_command_error_is_a_miss_and_the_query_is_served_from_the_upstream()
    {
        var logs = new LogCapture();
        await using var gateway = new GatewayServer(fixture.Demo, new Dictionary<string, string?>
        {
            ["Gateway:Cache:Enabled"] = "true",
            ["ConnectionStrings:Redis"] = "127.0.0.1:1",
            ["Gateway:Cache:LocalTtl"] = "00:00:00",
        }, configureServices: services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddSingleton(provider => new RedisConnection(
                () => Task.FromResult(FailingRedis.Create<IConnectionMultiplexer>()), provider.GetRequiredService<ILogger<RedisConnection>>()));
        });
        using var client = gateway.CreateClient();
        await fixture.Demo.ResetAsync();
        const string query = "{ customers(ids: [\"71\", \"72\", \"73\"]) { name address { location { lat } } } }";

        var first = await client.GraphQLAsync(query);
        var second = await client.GraphQLAsync(query);

        Assert.False(first.HasErrors, string.Join("; ", first.Errors));
        Assert.Equal(first.Data.ToString(), second.Data.ToString());
        // Nothing could be cached, so each query went to the upstreams; the outage was logged once, not per command.
        Assert.Equal(2, (await fixture.Demo.StatsAsync()).Crm);
        Assert.Single(logs.Entries, entry => entry.Category == typeof(RedisConnection).FullName && entry.Level == LogLevel.Warning);
    }

    /// <summary>Any member of a Redis client interface throws <see cref="RedisCommandException"/>; events and disposal do nothing.</summary>
    public class FailingRedis : DispatchProxy
    {
        public static T Create<T>() where T : class => Create<T, FailingRedis>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            null => null,
            var name when name.StartsWith("add_", StringComparison.Ordinal) || name.StartsWith("remove_", StringComparison.Ordinal) => null,
            "DisposeAsync" => ValueTask.CompletedTask,
            "Dispose" => null,
            "get_IsConnected" => false,
            "GetDatabase" => Create<IDatabase>(),
            _ => throw new RedisCommandException("Injected: multi-key operations must involve a single slot"),
        };
    }
}
