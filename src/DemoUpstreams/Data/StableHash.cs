namespace DemoUpstreams.Data;

/// <summary>FNV-1a: a hash that is the same in every process, so the demo data is repeatable.</summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }

    /// <summary>A number in [0, 1) derived from <paramref name="text"/>.</summary>
    public static double Unit(string text) => Of(text) / 4294967296.0;
}
