using Gateway.Sources.Common.Options;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary><c>Sources:&lt;Name&gt;</c> of a declarative source: the same keys as every source (a named option per source).</summary>
public sealed class DeclarativeSourceOptions : SourceOptions;
