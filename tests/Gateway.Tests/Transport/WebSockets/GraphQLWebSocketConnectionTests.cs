using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using Gateway.Security.Authentication;
using Gateway.Subscriptions;
using Gateway.Tests.Infrastructure;
using Gateway.Transport;
using Gateway.Transport.WebSockets;
using GraphQL;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Transport.WebSockets;

/// <summary>
/// The graphql-transport-ws layer on its own: over an in-memory socket, with a runner that does what each test
/// scripts instead of executing GraphQL. The protocol's rules end to end are in WebSocketProtocolTests.
/// </summary>
public sealed class GraphQLWebSocketConnectionTests : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly ScriptedRunner _runner = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly WebSocket _client;
    private readonly GraphQLWebSocketConnection _connection;
    private readonly Task _running;

    public GraphQLWebSocketConnectionTests()
    {
        var (server, client) = InMemoryWebSockets.Pair();
        _client = client;
        var http = new DefaultHttpContext { RequestAborted = _aborted.Token, User = new ClaimsPrincipal(new ClaimsIdentity()) };
        var serializer = new GraphQL.SystemTextJson.GraphQLSerializer();
        var options = new SubscriptionOptions { MaxOperationsPerConnection = 2, KeepAliveInterval = TimeSpan.Zero };
        var tokens = new BearerTokens(new FixedMonitor<JwtBearerOptions>(new()), Options.Create(new GatewayAuthOptions()),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = Environments.Production });
        _connection = new GraphQLWebSocketConnection(server, http, _runner, serializer, new GraphQLRequestReader(serializer), options, tokens, NullLogger.Instance);
        _running = _connection.RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _aborted.CancelAsync();
        await _running.WaitAsync(HangGuard);
        _connection.Dispose();
        _client.Dispose();
        _aborted.Dispose();
    }

    [Fact]
    public async Task A_subscribe_before_the_ack_closes_with_4401_and_never_runs()
    {
        await _client.SendTextAsync("""{"id":"1","type":"subscribe","payload":{"query":"next"}}""");

        Assert.Null(await _client.ReceiveTextAsync());
        Assert.Equal(CloseCodes.Unauthorized, (int?)_client.CloseStatus);
        Assert.Empty(_runner.Started);
    }

    [Fact]
    public async Task Each_outcome_of_an_operation_is_its_message()
    {
        await InitialiseAsync("""{"tenant":"abc"}""");

        await _client.SendTextAsync("""{"id":"a","type":"subscribe","payload":{"query":"next"}}""");
        Assert.Equal("""{"id":"a","type":"next","payload":{"data":{"n":1}}}""", await _client.ReceiveTextAsync());
        Assert.Equal("""{"id":"a","type":"complete"}""", await _client.ReceiveTextAsync());

        await _client.SendTextAsync("""{"id":"b","type":"subscribe","payload":{"query":"not-executed"}}""");
        Assert.Equal("""{"id":"b","type":"error","payload":[{"message":"invalid"}]}""", await _client.ReceiveTextAsync());

        await _client.SendTextAsync("""{"id":"c","type":"subscribe","payload":{"query":"failed"}}""");
        Assert.Equal("""{"id":"c","type":"error","payload":[{"message":"refused","extensions":{"code":"NOPE"}}]}""", await _client.ReceiveTextAsync());

        var started = _runner.Started["a"];
        Assert.False(started.User.Identity!.IsAuthenticated);
        Assert.Equal("abc", ((JsonElement)started.UserContext[GraphQLWebSocketConnection.ConnectionParamsKey]!).GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task A_complete_from_the_client_stops_its_operation_and_a_close_stops_the_rest()
    {
        await InitialiseAsync();
        await _client.SendTextAsync("""{"id":"a","type":"subscribe","payload":{"query":"hold"}}""");
        await _client.SendTextAsync("""{"id":"b","type":"subscribe","payload":{"query":"hold"}}""");
        await Eventually.WaitUntil(() => _runner.Started.Count == 2);

        await _client.SendTextAsync("""{"id":"a","type":"complete"}""");
        await _runner.Started["a"].Stopped.Task.WaitAsync(HangGuard);
        Assert.False(_runner.Started["b"].Stopped.Task.IsCompleted);

        await _client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await _runner.Started["b"].Stopped.Task.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Over_the_connections_limit_an_operation_gets_an_error_and_the_connection_stays_open()
    {
        await InitialiseAsync();
        await _client.SendTextAsync("""{"id":"a","type":"subscribe","payload":{"query":"hold"}}""");
        await _client.SendTextAsync("""{"id":"b","type":"subscribe","payload":{"query":"hold"}}""");

        await _client.SendTextAsync("""{"id":"c","type":"subscribe","payload":{"query":"next"}}""");

        Assert.Equal("""{"id":"c","type":"error","payload":[{"message":"At most 2 operations may run on one connection."}]}""", await _client.ReceiveTextAsync());
        await _client.SendTextAsync("""{"type":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await _client.ReceiveTextAsync());
        Assert.False(_runner.Started.ContainsKey("c"));
    }

    [Fact]
    public async Task A_second_operation_with_a_running_id_closes_with_4409()
    {
        await InitialiseAsync();
        await _client.SendTextAsync("""{"id":"a","type":"subscribe","payload":{"query":"hold"}}""");

        await _client.SendTextAsync("""{"id":"a","type":"subscribe","payload":{"query":"hold"}}""");

        Assert.Null(await _client.ReceiveTextAsync());
        Assert.Equal(CloseCodes.SubscriberAlreadyExists, (int?)_client.CloseStatus);
        await _runner.Started["a"].Stopped.Task.WaitAsync(HangGuard);
    }

    private async Task InitialiseAsync(string payload = "{}")
    {
        await _client.SendTextAsync($$"""{"type":"connection_init","payload":{{payload}}}""");
        Assert.Equal("""{"type":"connection_ack"}""", await _client.ReceiveTextAsync());
    }

    private sealed record Run(ClaimsPrincipal User, IDictionary<string, object?> UserContext, TaskCompletionSource Stopped);

    /// <summary>Does what the operation's query names: next, not-executed, failed, or hold (until cancelled).</summary>
    private sealed class ScriptedRunner : IOperationRunner
    {
        public ConcurrentDictionary<string, Run> Started { get; } = new();

        public async Task RunAsync(string id, GraphQLHttpRequest request, ClaimsPrincipal user, IDictionary<string, object?> userContext, IOperationSink sink, CancellationToken cancellationToken)
        {
            var run = new Run(user, userContext, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            Started[id] = run;
            switch (request.Query)
            {
                case "next":
                    sink.Next(new Dictionary<string, object?> { ["data"] = new Dictionary<string, object?> { ["n"] = 1 } });
                    sink.Complete();
                    break;
                case "not-executed":
                    sink.NotExecuted(new ExecutionResult { Errors = [new ExecutionError("invalid")] });
                    break;
                case "failed":
                    sink.Failed("refused", "NOPE");
                    break;
                case "hold":
                    await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => run.Stopped.SetResult(), TaskScheduler.Default);
                    break;
            }
        }
    }

    private sealed class FixedMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
