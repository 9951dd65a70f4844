using GraphQL.Types;

namespace Gateway.Schema;

/// <summary>
/// The schema requests run against. It is the one built at start, replaced only when source files are reloaded
/// (Development, <see cref="SourceFileReloader"/>); a request keeps the schema it started with, and documents
/// validated against an earlier schema are validated again (<see cref="Generation"/>).
/// </summary>
public sealed class LiveSchema(ISchema initial)
{
    private volatile Current _current = new(initial, 1);

    public ISchema Schema => _current.Schema;

    /// <summary>Counts the schemas served so far; 1 for the one built at start.</summary>
    public int Generation => _current.Generation;

    /// <summary>The schema and its generation, read together.</summary>
    public (ISchema Schema, int Generation) Snapshot => (_current.Schema, _current.Generation);

    internal void Replace(ISchema schema) => _current = new Current(schema, _current.Generation + 1);

    private sealed record Current(ISchema Schema, int Generation);
}
