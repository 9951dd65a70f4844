using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace Gateway.Sources.Declarative.Definitions;

/// <summary>
/// Reads the sources folder: each subfolder is a source named by the folder, and its <c>*.graphql</c> files declare
/// its types and fields. Anything wrong stops with a <see cref="SourceFileException"/> naming file, line and column.
/// </summary>
public static class SourceFileReader
{
    /// <summary>Reads and checks every source under <paramref name="folder"/>.</summary>
    public static SourceModel Read(string folder)
    {
        var model = new SourceModel { Folder = Path.GetFullPath(folder) };
        if (!Directory.Exists(folder))
        {
            return model;
        }
        var documents = new List<(string Source, SourceText File, GraphQLDocument Document)>();
        foreach (var directory in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var source = Path.GetFileName(directory);
            var files = Directory.GetFiles(directory, "*.graphql").Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                continue;
            }
            model.Sources.Add(source);
            foreach (var file in files)
            {
                var text = new SourceText(file, Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(folder))!, file).Replace('\\', '/'), File.ReadAllText(file));
                documents.Add((source, text, Parse(text)));
            }
        }
        new SourceCompiler(model).Compile(documents);
        return model;
    }

    private static GraphQLDocument Parse(SourceText text)
    {
        try
        {
            return Parser.Parse(text.Text, new ParserOptions { Ignore = IgnoreOptions.Comments });
        }
        catch (GraphQLSyntaxErrorException ex)
        {
            throw new SourceFileException(text.DisplayPath, ex.Location.Line, ex.Location.Column, ex.Description);
        }
        catch (GraphQLMaxDepthExceededException ex)
        {
            throw new SourceFileException(text.DisplayPath, ex.Location.Line, ex.Location.Column, "nested too deeply");
        }
    }
}
