using System.Collections.Concurrent;

namespace Gateway.Sources.Common.Events;

/// <summary>The bus of a single instance: messages go straight to this process's subscribers.</summary>
public sealed class InMemoryEventBus : IEventBus
{
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);

    public int ActiveChannels => _topics.Count(t => !t.Value.IsEmpty);

    public Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (_topics.TryGetValue(channel, out var topic))
        {
            topic.Deliver(message);
        }
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> ListenAsync(string channel, Action<ReadOnlyMemory<byte>> deliver, CancellationToken cancellationToken)
    {
        var topic = _topics.GetOrAdd(channel, _ => new Topic());
        topic.Add(deliver);
        return Task.FromResult<IAsyncDisposable>(new AsyncUnsubscriber(() =>
        {
            topic.Remove(deliver);
            return ValueTask.CompletedTask;
        }));
    }

    public IObservable<T> Subscribe<T>(string channel, Func<ReadOnlyMemory<byte>, T?> map) where T : class =>
        new ChannelObservable<T>(observer =>
        {
            var topic = _topics.GetOrAdd(channel, _ => new Topic());
            topic.Add(observer);
            return new Unsubscriber(() => topic.Remove(observer));
        }, map);
}
