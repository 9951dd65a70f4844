using System.Security.Claims;
using Gateway.Execution.Incremental;
using GraphQL;

namespace Gateway.Transport.WebSockets;

/// <summary>Where a running operation's outcome goes; the protocol turns each call into its own messages.</summary>
public interface IOperationSink
{
    /// <summary>A result: the one of a query or mutation, a subscription's event, or a payload of incremental delivery.</summary>
    void Next(object payload);

    /// <summary>The operation did not execute (validation or variable errors); <paramref name="result"/> holds only errors.</summary>
    void NotExecuted(ExecutionResult result);

    /// <summary>The operation was refused before it ran, or failed while it ran.</summary>
    void Failed(string message, string? code);

    /// <summary>The operation ended on its own (not when it was cancelled).</summary>
    void Complete();
}

/// <summary>Runs one GraphQL operation of a long-lived connection.</summary>
public interface IOperationRunner
{
    /// <summary>Runs the operation <paramref name="id"/> (its id on the connection, for the log) until it ends or <paramref name="cancellationToken"/> stops it.</summary>
    Task RunAsync(string id, GraphQLHttpRequest request, ClaimsPrincipal user, IDictionary<string, object?> userContext, IOperationSink sink, CancellationToken cancellationToken);
}

/// <summary>
/// Runs one operation of a connection, whatever the protocol: prepared (persisted documents, limits), executed in a
/// service scope of its own, and its outcome told to a sink: a subscription's events until its source ends, the
/// payloads of <c>@defer</c>/<c>@stream</c>, or the one result; then complete, unless it was cancelled.
/// </summary>
public sealed class OperationRunner(
    GatewayExecutor executor,
    IServiceScopeFactory scopes,
    WebSocketConnections counters,
    Gateway.Schema.UnhandledErrors unhandledErrors) : IOperationRunner
{
    public async Task RunAsync(string id, GraphQLHttpRequest request, ClaimsPrincipal user, IDictionary<string, object?> userContext, IOperationSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        counters.OperationStarted();
        try
        {
            if ((await executor.PrepareAsync(request, cancellationToken).ConfigureAwait(false)).Refused(out var refused, out var parsed))
            {
                sink.Failed(refused.Message, refused.Code);
                return;
            }
            var scope = scopes.CreateAsyncScope();
            await using var disposeScope = scope.ConfigureAwait(false);
            var result = await executor.ExecuteAsync(parsed, scope.ServiceProvider, user, userContext, cancellationToken,
                incremental: IncrementalFormat.Current).ConfigureAwait(false);
            if (!result.Executed)
            {
                sink.NotExecuted(result);
                return;
            }

            if (result.Streams is { Count: > 0 } streams)
            {
                // True when the source failed, which ends the operation with an error instead of complete.
                var finished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using var subscription = streams.Values.First().Subscribe(new StreamObserver(sink, finished));
                using var cancelled = cancellationToken.Register(() => finished.TrySetResult(false));
                if (await finished.Task.ConfigureAwait(false))
                {
                    return;
                }
            }
            else if (result is IncrementalExecutionResult incremental)
            {
                await foreach (var payload in incremental.Delivery.PayloadsAsync(result, cancellationToken).ConfigureAwait(false))
                {
                    sink.Next(payload);
                }
            }
            else
            {
                sink.Next(result);
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                sink.Complete();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            var error = unhandledErrors.Report(ex, $"(operation {id})");
            sink.Failed(error.Message, error.Code);
        }
        finally
        {
            counters.OperationEnded();
        }
    }

    /// <summary>A subscription's events go to the sink until its source ends or fails (then its end is an error).</summary>
    private sealed class StreamObserver(IOperationSink sink, TaskCompletionSource<bool> finished) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (!finished.Task.IsCompleted)
            {
                sink.Next(value);
            }
        }

        public void OnError(Exception error)
        {
            if (!finished.Task.IsCompleted)
            {
                sink.Failed("The subscription's source failed.", null);
            }
            finished.TrySetResult(true);
        }

        public void OnCompleted() => finished.TrySetResult(false);
    }
}
