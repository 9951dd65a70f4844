using System.Buffers.Text;
using System.Text;
using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Common.Paging;

/// <summary>
/// Opaque cursors: a kind prefix and a value, base64url-encoded. The prefix keeps a cursor of one connection
/// from being accepted by another.
/// </summary>
public static class Cursor
{
    public static string Encode(string kind, string value) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{kind}:{value}"));

    /// <summary>The value inside <paramref name="cursor"/>, or a <see cref="BadUserInputError"/>.</summary>
    public static string Decode(string kind, string cursor)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new BadUserInputError("'after' is not a valid cursor.");
        }
        return text.StartsWith(kind + ":", StringComparison.Ordinal) && text.Length > kind.Length + 1
            ? text[(kind.Length + 1)..]
            : throw new BadUserInputError("'after' is not a cursor of this connection.");
    }
}
