using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Sources.Payments.Webhooks;

/// <summary>
/// Verifies <c>Payments-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c> over the raw body, as Stripe
/// signs: the timestamp must be within the tolerance (against replays of old deliveries) and one v1 must match,
/// compared in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "Payments-Signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Null when the signature is valid; otherwise why not (safe to tell the sender).</summary>
    public static string? Verify(string? header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(header))
        {
            return $"The {HeaderName} header is missing.";
        }
        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = part.IndexOf('=');
            if (separator <= 0)
            {
                return $"The {HeaderName} header is malformed.";
            }
            var (name, value) = (part[..separator], part[(separator + 1)..]);
            if (name == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (name == "v1" && value.Length == 64 && IsHex(value))
            {
                signatures.Add(Convert.FromHexString(value));
            }
        }
        if (timestamp is null || signatures.Count == 0)
        {
            return $"The {HeaderName} header needs a timestamp and a v1 signature.";
        }
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp.Value) > Tolerance.TotalSeconds)
        {
            return "The signature timestamp is outside the tolerance.";
        }

        var prefix = Encoding.UTF8.GetBytes(timestamp.Value.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        var matched = false;
        foreach (var signature in signatures)
        {
            // Every candidate is compared, in constant time, so timing reveals nothing about the expected value.
            matched |= CryptographicOperations.FixedTimeEquals(signature, expected);
        }
        return matched ? null : "The signature does not match.";
    }

    private static bool IsHex(string value) => value.All(Uri.IsHexDigit);
}
