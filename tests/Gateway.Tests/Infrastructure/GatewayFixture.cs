using Gateway.Testing;

namespace Gateway.Tests.Infrastructure;

/// <summary>A demo server and a gateway in front of it, shared by one test class (whose tests run one at a time).</summary>
public class GatewayFixture : IAsyncLifetime
{
    public DemoServer Demo { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Demo = await DemoServer.StartAsync();
        Gateway = new GatewayServer(Demo, Settings);
        Client = Gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Demo.DisposeAsync();
    }
}
