using Gateway.Testing;

namespace Gateway.Tests.Infrastructure;

/// <summary>A demo server and a gateway in front of it, shared by one test class (whose tests run one at a time).</summary>
public class GatewayFixture : IAsyncLifetime
{
    private RedisServer? _redis;

    public DemoServer Demo { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>
    /// The gateway's settings. By default caching is off, so tests of batching and errors count every upstream
    /// call; the cache tests turn it on.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Gateway:Cache:Enabled"] = "false" };

    /// <summary>
    /// Whether the gateway gets a real redis-server of its own (started first, stopped last, and named by
    /// <c>ConnectionStrings:Redis</c> in every gateway the fixture starts).
    /// </summary>
    protected virtual bool UsesRedis => false;

    /// <summary>The gateway's hosting environment (Development unless a fixture tests production behaviour).</summary>
    protected virtual string Environment => "Development";

    /// <summary>Services the fixture's gateways get in addition to their own (a log capture, say).</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("This fixture has no Redis.");

    /// <summary>A second gateway instance with the same settings, sharing the demo upstreams (and Redis).</summary>
    public GatewayServer StartAnotherGateway() => new(Demo, GatewaySettings(), Environment, ConfigureServices);

    /// <summary>Another gateway on the same demo upstreams (and Redis), with <paramref name="overrides"/> on top of the fixture's settings.</summary>
    public GatewayServer StartAnotherGateway(IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>(GatewaySettings());
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        return new(Demo, settings, Environment, ConfigureServices);
    }

    /// <summary>Starts or writes what the gateway depends on besides the demo upstreams (which are up by then).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    /// <summary>Runs once the gateway listens.</summary>
    protected virtual Task AfterStartAsync() => Task.CompletedTask;

    /// <summary>Settings of the demo upstreams.</summary>
    protected virtual IReadOnlyDictionary<string, string?> DemoSettings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        if (UsesRedis)
        {
            _redis = await RedisServer.StartAsync();
        }
        Demo = await DemoServer.StartAsync(DemoSettings);
        await BeforeStartAsync();
        Gateway = new GatewayServer(Demo, GatewaySettings(), Environment, ConfigureServices);
        Client = Gateway.CreateClient();
        await AfterStartAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Demo.DisposeAsync();
        await AfterStopAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private IReadOnlyDictionary<string, string?> GatewaySettings() => _redis is null
        ? Settings
        : new Dictionary<string, string?>(Settings) { ["ConnectionStrings:Redis"] = _redis.ConnectionString };
}
