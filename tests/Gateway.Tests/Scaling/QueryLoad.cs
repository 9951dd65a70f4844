using System.Collections.Concurrent;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Scaling;

/// <summary>
/// Four clients querying customers (with their locations) without pause until stopped, each query a window of ten
/// ids over <c>first</c>…<c>first + 99</c>, so reads hit and miss the cache and touch every shard.
/// </summary>
public sealed class QueryLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public QueryLoad(HttpClient client, int first) =>
        _running = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var from = first + (worker * 37 + i * 7) % 100;
                var ids = string.Join(", ", Enumerable.Range(from, 10).Select(id => $"\"{id}\""));
                Responses.Add(await client.GraphQLAsync($"{{ customers(ids: [{ids}]) {{ name address {{ location {{ lat }} }} }} }}"));
            }
        })));

    public ConcurrentBag<GraphQLResponse> Responses { get; } = [];

    /// <summary>Waits until <paramref name="more"/> responses beyond those so far have arrived.</summary>
    public Task WaitForAsync(int more)
    {
        var target = Responses.Count + more;
        return Eventually.WaitUntil(() => Responses.Count >= target, seconds: 30);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    /// <summary>Asks twice; true when the second answer came from the cache alone.</summary>
    public static async Task<bool> HitsAfterOneFetchAsync(GatewayFixture fixture, string query)
    {
        await fixture.Client.GraphQLAsync(query);
        await fixture.Demo.ResetAsync();
        await fixture.Client.GraphQLAsync(query);
        return (await fixture.Demo.StatsAsync()).Total == 0;
    }
}
