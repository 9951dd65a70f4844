using System.Text;

namespace Gateway.Sources.Import.Generated;

/// <summary>Writes a <see cref="GeneratedSource"/> as a source file: header, root fields, then types by name.</summary>
public static class SourceFileWriter
{
    public static string Write(GeneratedSource source)
    {
        var text = new StringBuilder();
        foreach (var line in source.Header)
        {
            text.AppendLine(line.Length == 0 ? "#" : "# " + line);
        }
        if (source.Skipped.Count > 0)
        {
            text.AppendLine("#").AppendLine("# Not imported:");
            foreach (var skipped in source.Skipped)
            {
                text.Append("#   ").AppendLine(skipped);
            }
        }
        foreach (var (root, fields) in new[] { ("Query", source.Queries), ("Mutation", source.Mutations) })
        {
            if (fields.Count == 0)
            {
                continue;
            }
            text.AppendLine().Append("extend type ").Append(root).AppendLine(" {");
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0)
                {
                    text.AppendLine();
                }
                WriteField(text, fields[i], "  ");
            }
            text.AppendLine("}");
        }
        foreach (var type in source.Types.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.AppendLine();
            WriteDescription(text, type.Description, "");
            switch (type.Kind)
            {
                case GeneratedKind.Enum:
                    text.Append("enum ").Append(type.Name).AppendLine(" {");
                    foreach (var (name, upstream, description) in type.Values)
                    {
                        WriteDescription(text, description, "  ");
                        text.Append("  ").Append(name);
                        if (upstream is not null)
                        {
                            text.Append(" @from(name: ").Append(Quote(upstream)).Append(')');
                        }
                        text.AppendLine();
                    }
                    text.AppendLine("}");
                    break;
                case GeneratedKind.Union:
                    text.Append("union ").Append(type.Name);
                    if (type.Discriminator is { } discriminator)
                    {
                        text.Append(" @discriminator(property: ").Append(Quote(discriminator.Property));
                        if (discriminator.Values.Count > 0)
                        {
                            text.Append(", values: { ").AppendJoin(", ", discriminator.Values.Select(v =>
                                $"{v.Type}: {(v.Values.Count == 1 ? Quote(v.Values[0]) : "[" + string.Join(", ", v.Values.Select(Quote)) + "]")}")).Append(" }");
                        }
                        text.Append(')');
                    }
                    text.Append(" = ").AppendJoin(" | ", type.Members).AppendLine();
                    break;
                default:
                    text.Append(type.Kind == GeneratedKind.Input ? "input " : "type ").Append(type.Name);
                    if (type.OneOf)
                    {
                        text.Append(" @oneOf");
                    }
                    if (type.Inline)
                    {
                        text.Append(" @inline");
                    }
                    text.AppendLine(" {");
                    foreach (var field in type.Fields)
                    {
                        WriteField(text, field, "  ");
                    }
                    text.AppendLine("}");
                    break;
            }
        }
        return text.ToString();
    }

    private static void WriteField(StringBuilder text, GeneratedField field, string indent)
    {
        if (field.Origin is not null)
        {
            text.Append(indent).Append("# ").AppendLine(field.Origin);
        }
        WriteDescription(text, field.Description, indent);
        text.Append(indent).Append(field.Name);
        if (field.Arguments.Count > 0)
        {
            text.AppendLine("(");
            foreach (var argument in field.Arguments)
            {
                WriteDescription(text, argument.Description, indent + "  ");
                text.Append(indent).Append("  ").Append(argument.Name).Append(": ").Append(argument.Type);
                if (argument.Default is not null)
                {
                    text.Append(" = ").Append(argument.Default);
                }
                text.AppendLine();
            }
            text.Append(indent).Append(')');
        }
        text.Append(": ").Append(field.Type);
        if (field.Default is not null)
        {
            text.Append(" = ").Append(field.Default);
        }
        if (field.Upstream is not null)
        {
            text.Append(" @from(name: ").Append(Quote(field.Upstream)).Append(')');
        }
        if (field.Deprecated is not null)
        {
            text.Append(" @deprecated(reason: ").Append(Quote(field.Deprecated)).Append(')');
        }
        foreach (var directive in field.Directives)
        {
            text.AppendLine().Append(indent).Append("  ").Append(directive);
        }
        if (field.Connect.Count > 0)
        {
            text.AppendLine().Append(indent).AppendLine("  @connect(");
            foreach (var (name, value) in field.Connect)
            {
                text.Append(indent).Append("    ").Append(name).Append(": ").AppendLine(value is string s ? Quote(s) : value is true ? "true" : "false");
            }
            text.Append(indent).Append("  )");
        }
        text.AppendLine();
    }

    private static void WriteDescription(StringBuilder text, string? description, string indent)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return;
        }
        var trimmed = description.Replace("\r\n", "\n").Trim();
        if (!trimmed.Contains('\n'))
        {
            text.Append(indent).AppendLine(Quote(trimmed));
            return;
        }
        text.Append(indent).AppendLine("\"\"\"");
        foreach (var line in trimmed.Replace("\"\"\"", "\\\"\"\"").Split('\n'))
        {
            text.Append(line.Length == 0 ? "" : indent).AppendLine(line.TrimEnd());
        }
        text.Append(indent).AppendLine("\"\"\"");
    }

    /// <summary>A member name in an expression object: bare when it can be, quoted otherwise (a quoted name escapes only its quote).</summary>
    public static string Member(string name) =>
        GraphQLNames.IsValid(name) ? name : "'" + name.Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>A GraphQL string literal.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }
}
