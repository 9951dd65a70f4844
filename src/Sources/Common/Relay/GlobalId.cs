using System.Text;
using System.Text.Unicode;

namespace Gateway.Sources.Common.Relay;

/// <summary>
/// Relay's global object ids: the standard base64 of the UTF-8 text <c>Type:localId</c> (the form graphql-relay
/// uses), opaque to clients and unique across types. Decoding is strict: canonical base64 (what encoding the decoded
/// text gives back, so no whitespace, no stray padding bits), valid UTF-8, a GraphQL type name before the first
/// <c>:</c> and a local id after it. Anything else is not a global id.
/// </summary>
public static class GlobalId
{
    /// <summary>Longer texts are not decoded (no local id of the upstreams here comes near).</summary>
    public const int MaxLength = 1024;

    public static string Encode(string typeName, string localId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{typeName}:{localId}"));

    public static bool TryDecode(string? id, out string typeName, out string localId)
    {
        typeName = localId = "";
        if (id is null || id.Length is 0 or > MaxLength || id.Length % 4 != 0)
        {
            return false;
        }
        var bytes = new byte[id.Length / 4 * 3];
        if (!Convert.TryFromBase64String(id, bytes, out var written) || !Utf8.IsValid(bytes.AsSpan(0, written))
            || !string.Equals(Convert.ToBase64String(bytes, 0, written), id, StringComparison.Ordinal))
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1 || !IsName(text.AsSpan(0, colon)))
        {
            return false;
        }
        (typeName, localId) = (text[..colon], text[(colon + 1)..]);
        return true;
    }

    private static bool IsName(ReadOnlySpan<char> name)
    {
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return true;
    }
}
