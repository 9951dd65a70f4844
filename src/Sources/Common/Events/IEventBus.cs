namespace Gateway.Sources.Common.Events;

/// <summary>
/// Publish/subscribe between gateway instances: Redis pub/sub when <c>ConnectionStrings:Redis</c> is set, in-process
/// otherwise. A message published on any instance reaches the subscribers of every instance once.
/// </summary>
public interface IEventBus
{
    /// <summary>Publishes <paramref name="message"/>; throws when the bus is unreachable, so the caller can refuse.</summary>
    Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>
    /// The messages of <paramref name="channel"/>, mapped by <paramref name="map"/> (null drops a message). The
    /// channel is listened to while at least one observer is subscribed.
    /// </summary>
    IObservable<T> Subscribe<T>(string channel, Func<ReadOnlyMemory<byte>, T?> map) where T : class;

    /// <summary>
    /// Listens to a channel of one listener's own (an event stream's) and returns once listening, so a message
    /// published after it returns, from any instance, is delivered; disposing stops. Throws when the bus is unreachable.
    /// </summary>
    Task<IAsyncDisposable> ListenAsync(string channel, Action<ReadOnlyMemory<byte>> deliver, CancellationToken cancellationToken);
}

/// <summary>The channels of the bus, built in one place.</summary>
public static class EventChannels
{
    public const string Prefix = "gw:v1:events:";

    public static string For(string topic) => Prefix + topic;
}
