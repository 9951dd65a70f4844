namespace Gateway.Transport;

/// <summary>
/// Operation names as metric tags. Clients choose them, so only the first <see cref="Limit"/> distinct names
/// become tag values; later ones are reported as <c>other</c>, keeping the metric's cardinality bounded.
/// </summary>
internal sealed class OperationNames
{
    private const int Limit = 200;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    public string Bound(string? name)
    {
        if (name is null)
        {
            return "anonymous";
        }
        if (_known.TryGetValue(name, out var known))
        {
            return known;
        }
        return _known.Count < Limit ? _known.GetOrAdd(name, name) : "other";
    }
}
