using System.Text.Json;
using Gateway.Sources.Common.Events;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Weather.Contracts;
using Gateway.Sources.Weather.Polling;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Weather.Types;

/// <summary><c>weatherChanged(lat, lng)</c>: conditions at a point, whenever they change.</summary>
public sealed class WeatherSubscriptionFields : IFieldContributor<SubscriptionGraphType>
{
    public void Contribute(SubscriptionGraphType subscription) =>
        subscription.Field<NonNullGraphType<WeatherGraphType>>("weatherChanged")
            .Description("The weather at a coordinate, each time its conditions change.")
            .Argument<NonNullGraphType<FloatGraphType>>("lat", "Latitude, -90 to 90.")
            .Argument<NonNullGraphType<FloatGraphType>>("lng", "Longitude, -180 to 180.")
            .ResolveStream(context =>
            {
                var point = Coordinates.Check(context.GetArgument<double>("lat"), context.GetArgument<double>("lng"));
                var poller = context.RequestServices!.GetRequiredService<WeatherPoller>();
                var changes = context.RequestServices!.GetRequiredService<IEventBus>().Subscribe<object>(WeatherPoller.Channel(point),
                    message => JsonSerializer.Deserialize(message.Span, WeatherJsonContext.Default.CurrentWeather));
                return new WatchedStream(changes, () => poller.Watch(point));
            })
            .Resolve(SubscriptionEvents.Resolve);

    /// <summary>Listens to the changes and keeps the location polled for as long as someone does.</summary>
    private sealed class WatchedStream(IObservable<object> changes, Func<IDisposable> watch) : IObservable<object>
    {
        public IDisposable Subscribe(IObserver<object> observer)
        {
            var listening = changes.Subscribe(observer);
            var watching = watch();
            return new Both(listening, watching);
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
