using System.Collections.Concurrent;
using System.Text;
using Gateway.Sources.Common.Events;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Infrastructure.Eventually;

namespace Gateway.Tests.Subscriptions;

/// <summary>
/// Messages of one channel reach a listener and an observer in the order they were published, through a real Redis:
/// a stream's complete never overtakes its last next, nor a payment's SUCCEEDED its PENDING.
/// </summary>
public sealed class RedisEventBusOrderTests(RedisSubscriptionFixture fixture) : IClassFixture<RedisSubscriptionFixture>
{
    private const int Messages = 300;

    [Fact]
    public async Task A_listener_gets_a_channels_messages_in_the_order_they_were_published()
    {
        var bus = fixture.Gateway.Services.GetRequiredService<IEventBus>();
        var received = new ConcurrentQueue<int>();
        var channel = EventChannels.For("order-test:" + Guid.NewGuid().ToString("N"));
        // A listener that takes a moment per message, as one writing to a slow client does: were messages handed over
        // concurrently, later ones would overtake it.
        await using var listening = await bus.ListenAsync(channel, message =>
        {
            var number = int.Parse(Encoding.ASCII.GetString(message.Span), System.Globalization.CultureInfo.InvariantCulture);
            Thread.Sleep(1);
            received.Enqueue(number);
        }, CancellationToken.None);

        await PublishAsync(bus, channel);
        await WaitUntil(() => received.Count == Messages, seconds: 30);

        Assert.Equal(Enumerable.Range(0, Messages), received);
    }

    [Fact]
    public async Task An_observer_gets_a_channels_messages_in_the_order_they_were_published()
    {
        var bus = (RedisEventBus)fixture.Gateway.Services.GetRequiredService<IEventBus>();
        var received = new ConcurrentQueue<int>();
        var channel = EventChannels.For("order-test:" + Guid.NewGuid().ToString("N"));
        var before = bus.ActiveChannels;
        using var subscription = bus.Subscribe(channel, message => Encoding.ASCII.GetString(message.Span))
            .Subscribe(new Observer(text =>
            {
                var number = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
                Thread.Sleep(1);
                received.Enqueue(number);
            }));
        // The observer's Redis subscription is made in the background: a first message that arrives says it is live.
        await WaitUntilAsync(async () =>
        {
            await bus.PublishAsync(channel, "-1"u8.ToArray(), CancellationToken.None);
            await Task.Delay(20);
            return !received.IsEmpty;
        });

        await PublishAsync(bus, channel);
        await WaitUntil(() => received.Count(n => n >= 0) == Messages, seconds: 30);

        Assert.True(bus.ActiveChannels > before);
        Assert.Equal(Enumerable.Range(0, Messages), received.Where(n => n >= 0));
    }

    private static async Task PublishAsync(IEventBus bus, string channel)
    {
        // Published without waiting for each other, as concurrent publishers would: StackExchange.Redis still sends
        // them on one connection in this order.
        var sent = new List<Task>(Messages);
        for (var i = 0; i < Messages; i++)
        {
            sent.Add(bus.PublishAsync(channel, Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None));
        }
        await Task.WhenAll(sent);
    }

    private sealed class Observer(Action<string> next) : IObserver<string>
    {
        public void OnNext(string value) => next(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
