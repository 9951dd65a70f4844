using System.Globalization;
using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Crm;

/// <summary>Customer ids are positive integers; anything else is refused before the CRM is called.</summary>
public static class CustomerIds
{
    public static string Check(string? id) =>
        TryNormalize(id) ?? throw Invalid(id);

    /// <summary>The canonical form of <paramref name="id"/> ("007" is "7"), or null when it is not an id.</summary>
    public static string? TryNormalize(string? id) =>
        id is not null && id.Length <= 10 && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value.ToString(CultureInfo.InvariantCulture)
            : null;

    public static BadUserInputError Invalid(string? id) =>
        new($"'{(id is { Length: > 48 } ? id[..48] + "…" : id)}' is not a customer id.", CrmOptions.SourceName);
}
