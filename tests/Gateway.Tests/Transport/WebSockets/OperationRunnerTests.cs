using System.Collections.Concurrent;
using System.Security.Claims;
using Gateway.Subscriptions;
using Gateway.Tests.Subscriptions;
using Gateway.Transport;
using Gateway.Transport.WebSockets;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Transport.WebSockets;

/// <summary>
/// The operation layer on its own, with the gateway's real executor and no socket: what each kind of operation tells
/// its sink. How the protocol words it is GraphQLWebSocketConnectionTests'.
/// </summary>
public sealed class OperationRunnerTests(SubscriptionFixture fixture) : IClassFixture<SubscriptionFixture>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private IOperationRunner Runner => fixture.Gateway.Services.GetRequiredService<IOperationRunner>();

    [Fact]
    public async Task A_query_is_one_next_and_complete()
    {
        var sink = new RecordingSink();

        await RunAsync("{ customer(id: \"3\") { name } }", sink);

        Assert.Equal(["next", "complete"], sink.Calls.Select(c => c.Kind));
        var result = Assert.IsType<ExecutionResult>(sink.Calls[0].Payload, exactMatch: false);
        Assert.Null(result.Errors);
    }

    [Fact]
    public async Task A_deferred_fragment_is_a_next_of_its_own_before_complete()
    {
        var sink = new RecordingSink();

        await RunAsync("{ customer(id: \"3\") { name ... @defer { email } } }", sink);

        Assert.Equal(["next", "next", "complete"], sink.Calls.Select(c => c.Kind));
    }

    [Theory]
    [InlineData("", "failed", "INVALID_REQUEST")]
    [InlineData("{ customer(", "not-executed", null)]
    [InlineData("{ nothingHere }", "not-executed", null)]
    public async Task An_operation_that_cannot_run_ends_with_its_errors_and_no_complete(string query, string kind, string? code)
    {
        var sink = new RecordingSink();

        await RunAsync(query, sink);

        var call = Assert.Single(sink.Calls);
        Assert.Equal(kind, call.Kind);
        Assert.Equal(code, call.Code);
    }

    [Fact]
    public async Task A_subscription_tells_its_events_until_it_is_stopped_and_then_no_complete()
    {
        var sink = new RecordingSink();
        using var stop = new CancellationTokenSource();
        var counters = fixture.Gateway.Services.GetRequiredService<WebSocketConnections>();
        var before = counters.Operations;

        var running = RunAsync("subscription { weatherChanged(lat: 12.5, lng: 3.25) { temperatureC } }", sink, stop.Token);
        await sink.NextCount(2).WaitAsync(HangGuard);
        var whileRunning = counters.Operations;
        await stop.CancelAsync();
        await running.WaitAsync(HangGuard);

        Assert.All(sink.Calls, call => Assert.Equal("next", call.Kind));
        Assert.Equal(before + 1, whileRunning);
        Assert.Equal(before, counters.Operations);
    }

    private Task RunAsync(string query, RecordingSink sink, CancellationToken cancellationToken = default) =>
        Runner.RunAsync("op", new GraphQLHttpRequest(query, null, null, null), new ClaimsPrincipal(new ClaimsIdentity()), new Dictionary<string, object?>(), sink, cancellationToken);

    private sealed record Call(string Kind, object? Payload = null, string? Code = null);

    private sealed class RecordingSink : IOperationSink
    {
        private readonly ConcurrentQueue<Call> _calls = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiting = new();

        public List<Call> Calls => [.. _calls];

        public Task NextCount(int count) => _waiting.GetOrAdd(count, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Next(object payload)
        {
            _calls.Enqueue(new Call("next", payload));
            var nexts = _calls.Count(c => c.Kind == "next");
            _waiting.GetOrAdd(nexts, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        public void NotExecuted(ExecutionResult result) => _calls.Enqueue(new Call("not-executed", result));

        public void Failed(string message, string? code) => _calls.Enqueue(new Call("failed", message, code));

        public void Complete() => _calls.Enqueue(new Call("complete"));
    }
}
