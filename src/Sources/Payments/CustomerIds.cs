using System.Globalization;
using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Payments;

/// <summary>The CRM's customer ids as the payments service takes them: positive integers; anything else is refused before a call.</summary>
public static class CustomerIds
{
    /// <summary>The CRM's customer type, a Relay node whose global ids the payments fields also take.</summary>
    public const string TypeName = "Customer";

    public static string Check(string? id) =>
        TryNormalize(id) ?? throw Invalid(id);

    /// <summary>The canonical form of <paramref name="id"/> ("007" is "7"), or null when it is not an id.</summary>
    public static string? TryNormalize(string? id) =>
        id is not null && id.Length <= 10 && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value.ToString(CultureInfo.InvariantCulture)
            : null;

    public static BadUserInputError Invalid(string? id) =>
        new($"'{(id is { Length: > 48 } ? id[..48] + "…" : id)}' is not a customer id.", PaymentsOptions.SourceName);
}
