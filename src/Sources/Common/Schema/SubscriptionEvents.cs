using Gateway.Sources.Common.DataLoading;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Common.Schema;

/// <summary>The resolver of every subscription field: the event itself, resolved afresh.</summary>
public static class SubscriptionEvents
{
    /// <summary>Returns the event and clears the subscription's DataLoader memory, so its fields load current data.</summary>
    public static object? Resolve(IResolveFieldContext context)
    {
        context.RequestServices?.GetService<DataLoaderScope>()?.ClearMemos();
        return context.Source;
    }
}
