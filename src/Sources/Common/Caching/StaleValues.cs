using System.Runtime.CompilerServices;

namespace Gateway.Sources.Common.Caching;

/// <summary>How old a value served from the cache after its TTL is, and where it came from.</summary>
public sealed record StaleInfo(string Source, TimeSpan Age);

/// <summary>
/// Marks value instances that were served stale. Values are deserialized per request, so the instance identifies
/// what a field returned; the table holds them weakly and forgets them with the response.
/// </summary>
public static class StaleValues
{
    private static readonly ConditionalWeakTable<object, StaleInfo> Marks = new();

    public static void Mark(object value, StaleInfo info) => Marks.AddOrUpdate(value, info);

    public static bool TryGet(object? value, out StaleInfo? info)
    {
        info = null;
        return value is not null && Marks.TryGetValue(value, out info);
    }

    /// <summary>Carries a mark from a value to what was derived from it (a page to its connection).</summary>
    public static void Propagate(object? from, object? to)
    {
        if (to is not null && TryGet(from, out var info))
        {
            Mark(to, info!);
        }
    }
}
