using System.ComponentModel.DataAnnotations;

namespace Gateway.Subscriptions;

/// <summary><c>Gateway:Subscriptions</c>: limits of the WebSocket and SSE transports.</summary>
public sealed class SubscriptionOptions
{
    public const string SectionName = "Gateway:Subscriptions";

    /// <summary>WebSocket connections this instance accepts at once; more are refused with 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Operations (subscriptions, queries) running at once on one connection.</summary>
    [Range(1, 10_000)]
    public int MaxOperationsPerConnection { get; set; } = 100;

    /// <summary>How long a new connection may take to send <c>connection_init</c> (then 4408).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Server pings (WebSocket) and comments (SSE) at this interval; zero turns them off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Messages waiting to be sent to one client. A client that falls this far behind is disconnected rather than
    /// letting memory grow.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SendQueueLimit { get; set; } = 1_000;

    /// <summary>Largest message a client may send over the WebSocket.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;
}
