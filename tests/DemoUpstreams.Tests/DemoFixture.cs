using Gateway.Testing;

namespace DemoUpstreams.Tests;

/// <summary>One demo server per test class; tests in a class run one after another, so counts stay exact.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public DemoServer Server { get; private set; } = null!;

    public HttpClient Client => Server.Client;

    public async Task InitializeAsync() => Server = await DemoServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
