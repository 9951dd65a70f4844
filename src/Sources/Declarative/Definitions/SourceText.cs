using GraphQLParser.AST;

namespace Gateway.Sources.Declarative.Definitions;

/// <summary>A source file's text, for turning offsets into lines and columns.</summary>
public sealed class SourceText(string path, string displayPath, string text)
{
    public string Path { get; } = path;

    /// <summary>The path as errors name it (relative to the sources folder's parent, for example <c>sources/rates/rates.graphql</c>).</summary>
    public string DisplayPath { get; } = displayPath;

    public string Text { get; } = text;

    public SourceFileException Error(int offset, string problem)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceFileException(DisplayPath, line, offset - lineStart + 1, problem);
    }

    public SourceFileException Error(ASTNode node, string problem) => Error(node.Location.Start, problem);

    /// <summary>Where the text of a string argument starts: after its opening quote (three for a block string).</summary>
    public int ContentStart(GraphQLStringValue value) =>
        value.Location.Start + (Text.AsSpan(value.Location.Start).StartsWith("\"\"\"") ? 3 : 1);
}
