using System.Text;

namespace Gateway.Sources.Import.Generated;

/// <summary>
/// Makes an upstream's names into GraphQL names, the same way every time: characters GraphQL does not allow split
/// words, a leading digit gets a '_', and <see cref="NameScope"/> numbers a name that is taken (<c>Pet2</c>).
/// </summary>
public static class GraphQLNames
{
    /// <summary>Whether <paramref name="name"/> is a GraphQL name (and not one of the reserved <c>__</c> names).</summary>
    public static bool IsValid(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && !name.StartsWith("__", StringComparison.Ordinal);

    /// <summary>The words of a name: split at characters GraphQL does not allow and where lower case meets upper case.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsAsciiLetterOrDigit(c))
            {
                Flush();
                continue;
            }
            if (word.Length > 0 && char.IsUpper(c) && (char.IsLower(word[^1]) || char.IsDigit(word[^1])
                || i + 1 < text.Length && char.IsLower(text[i + 1]) && char.IsUpper(word[^1])))
            {
                Flush();
            }
            word.Append(c);
        }
        Flush();
        return words;

        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
    }

    /// <summary><c>pet_store-item</c> is <c>PetStoreItem</c>: a type name. A valid name that starts upper case stays as it is.</summary>
    public static string Pascal(string text, bool keepValid = true)
    {
        if (keepValid && IsValid(text) && char.IsAsciiLetterUpper(text[0]))
        {
            return text;
        }
        var name = string.Concat(Words(text).Select(Capitalize));
        return Valid(name, "Type");
    }

    /// <summary><c>Pet-Id</c> is <c>petId</c>: a field or argument name. A name GraphQL allows as it is stays as it is.</summary>
    public static string Camel(string text, bool keepValid = true)
    {
        if (keepValid && IsValid(text) && !text.StartsWith('_'))
        {
            return text;
        }
        var words = Words(text);
        var name = string.Concat(words.Select((w, i) => i == 0 ? Lower(w) : Capitalize(w)));
        return Valid(name, "field");
    }

    /// <summary><c>in-progress</c> is <c>IN_PROGRESS</c>, <c>1</c> is <c>_1</c>: an enum value.</summary>
    public static string Constant(string text)
    {
        var name = string.Join('_', Words(text).Select(w => w.ToUpperInvariant()));
        if (name.Length == 0)
        {
            name = text.Length == 0 ? "EMPTY" : "VALUE";
        }
        name = Valid(name, "VALUE");
        return name is "TRUE" or "FALSE" or "NULL" ? name + "_" : name;
    }

    private static string Valid(string name, string fallback) =>
        name.Length == 0 ? fallback : char.IsAsciiDigit(name[0]) ? "_" + name : name;

    private static string Capitalize(string word) =>
        word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + (word.All(char.IsUpper) && word.Length > 1 ? word[1..].ToLowerInvariant() : word[1..]);

    private static string Lower(string word) =>
        word.All(c => !char.IsLetter(c) || char.IsUpper(c)) ? word.ToLowerInvariant() : char.ToLowerInvariant(word[0]) + word[1..];
}

/// <summary>Names taken in one space (a schema's types, one type's fields): a taken name gets the next free number.</summary>
public sealed class NameScope(IEnumerable<string>? reserved = null)
{
    private readonly HashSet<string> _taken = new(reserved ?? [], StringComparer.Ordinal);

    public string Take(string name)
    {
        var free = Free(name);
        _taken.Add(free);
        return free;
    }

    /// <summary>The name <see cref="Take"/> would give, without taking it.</summary>
    public string Free(string name)
    {
        var candidate = name;
        for (var n = 2; _taken.Contains(candidate); n++)
        {
            candidate = name + n;
        }
        return candidate;
    }

    public bool IsTaken(string name) => _taken.Contains(name);
}
