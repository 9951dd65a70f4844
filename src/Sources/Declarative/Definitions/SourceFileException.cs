namespace Gateway.Sources.Declarative.Definitions;

/// <summary>A source file that cannot be used, with where in it and why; the gateway does not start with it.</summary>
public sealed class SourceFileException(string file, int line, int column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Problem { get; } = problem;
}
