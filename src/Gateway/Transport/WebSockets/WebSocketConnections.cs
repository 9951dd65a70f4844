using System.Diagnostics.Metrics;

namespace Gateway.Transport.WebSockets;

/// <summary>Counts open WebSocket connections and running operations on this instance.</summary>
public sealed class WebSocketConnections : IDisposable
{
    private readonly Meter _meter = new(Gateway.Sources.Common.Telemetry.GatewayTelemetry.SubscriptionsMeterName);
    private int _connections;
    private int _operations;

    public WebSocketConnections()
    {
        _meter.CreateObservableGauge("gateway.websocket.connections", () => Volatile.Read(ref _connections),
            description: "Open GraphQL WebSocket connections.");
        _meter.CreateObservableGauge("gateway.subscriptions.active", () => Volatile.Read(ref _operations),
            description: "Operations running over WebSockets.");
    }

    public int Connections => Volatile.Read(ref _connections);

    public int Operations => Volatile.Read(ref _operations);

    /// <summary>Takes a connection slot; false when the instance is full.</summary>
    public bool TryOpen(int max)
    {
        if (Interlocked.Increment(ref _connections) <= max)
        {
            return true;
        }
        Interlocked.Decrement(ref _connections);
        return false;
    }

    public void Close() => Interlocked.Decrement(ref _connections);

    public void OperationStarted() => Interlocked.Increment(ref _operations);

    public void OperationEnded() => Interlocked.Decrement(ref _operations);

    public void Dispose() => _meter.Dispose();
}
