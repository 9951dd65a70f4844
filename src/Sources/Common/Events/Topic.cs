using System.Collections.Immutable;

namespace Gateway.Sources.Common.Events;

/// <summary>The local observers of one channel; thread-safe, copy-on-write.</summary>
internal sealed class Topic
{
    private ImmutableArray<Action<ReadOnlyMemory<byte>>> _observers = [];

    public bool IsEmpty => _observers.IsEmpty;

    /// <summary>Adds an observer; true when it is the first.</summary>
    public bool Add(Action<ReadOnlyMemory<byte>> observer)
    {
        var added = ImmutableInterlocked.Update(ref _observers, list => list.Add(observer));
        return added && _observers.Length == 1;
    }

    /// <summary>Removes an observer; true when it was the last.</summary>
    public bool Remove(Action<ReadOnlyMemory<byte>> observer)
    {
        ImmutableInterlocked.Update(ref _observers, list => list.Remove(observer));
        return _observers.IsEmpty;
    }

    public void Deliver(ReadOnlyMemory<byte> message)
    {
        foreach (var observer in _observers)
        {
            observer(message);
        }
    }
}

/// <summary>An observable over a bus channel: subscribing listens, disposing stops listening.</summary>
internal sealed class ChannelObservable<T>(Func<Action<ReadOnlyMemory<byte>>, IDisposable> listen, Func<ReadOnlyMemory<byte>, T?> map)
    : IObservable<T> where T : class
{
    public IDisposable Subscribe(IObserver<T> observer) => listen(message =>
    {
        T? value;
        try
        {
            value = map(message);
        }
        catch (System.Text.Json.JsonException)
        {
            // A message this version cannot read is dropped, not allowed to end the subscriber's stream.
            return;
        }
        if (value is not null)
        {
            observer.OnNext(value);
        }
    });
}

internal sealed class Unsubscriber(Action dispose) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            dispose();
        }
    }
}

internal sealed class AsyncUnsubscriber(Func<ValueTask> dispose) : IAsyncDisposable
{
    private int _disposed;

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? dispose() : ValueTask.CompletedTask;
}
