using System.Globalization;
using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Common.Validation;

/// <summary>
/// Checks a client's string against what the wire format of its upstream can carry, before a request is built:
/// a character the format cannot hold is the client's input, refused as <c>BAD_USER_INPUT</c> naming the argument,
/// and never a failure of the upstream (which would be retried and counted by its circuit breaker).
/// </summary>
public static class UpstreamInput
{
    /// <summary>Returns <paramref name="value"/> when <paramref name="wire"/> can carry it; otherwise throws <see cref="BadUserInputError"/>.</summary>
    public static string Check(string value, UpstreamWire wire, string argument, string source) =>
        Problem(value, wire, argument, source) is { } problem ? throw new BadUserInputError(problem, source, argument) : value;

    /// <summary>Why <paramref name="wire"/> cannot carry <paramref name="value"/> (a message for the client), or null when it can.</summary>
    public static string? Problem(string? value, UpstreamWire wire, string argument, string source)
    {
        if (value is null)
        {
            return null;
        }
        var bad = wire switch
        {
            UpstreamWire.Xml => FirstNonXmlCharacter(value),
            UpstreamWire.Header => FirstUnsafeHeaderCharacter(value),
            _ => FirstUnpairedSurrogate(value),
        };
        return bad < 0
            ? null
            : $"'{argument}' holds a character the {source} upstream cannot accept (U+{((int)value[bad]).ToString("X4", CultureInfo.InvariantCulture)}).";
    }

    /// <summary>The index of the first character an HTTP header value cannot carry, or -1.</summary>
    public static int FirstUnsafeHeaderCharacter(ReadOnlySpan<char> value) => value.IndexOfAnyExceptInRange(' ', '~');

    /// <summary>The index of the first surrogate that is not part of a pair, or -1 when the text is well-formed UTF-16.</summary>
    public static int FirstUnpairedSurrogate(ReadOnlySpan<char> value)
    {
        for (var i = value.IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < value.Length; i++)
        {
            if (!char.IsSurrogate(value[i]))
            {
                continue;
            }
            if (!char.IsHighSurrogate(value[i]) || i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
            {
                return i;
            }
            i++;
        }
        return -1;
    }

    /// <summary>
    /// The index of the first character that is not an XML 1.0 character (C0 controls but tab, CR and LF; U+FFFE,
    /// U+FFFF; unpaired surrogates), or -1.
    /// </summary>
    private static int FirstNonXmlCharacter(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (!System.Xml.XmlConvert.IsXmlChar(value[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
