namespace Gateway.Sources.Common.Errors;

/// <summary>The stable values of <c>extensions.code</c> that clients can branch on.</summary>
public static class ErrorCodes
{
    public const string UpstreamError = "UPSTREAM_ERROR";
    public const string UpstreamTimeout = "UPSTREAM_TIMEOUT";
    public const string UpstreamUnavailable = "UPSTREAM_UNAVAILABLE";
    public const string NotFound = "NOT_FOUND";
    public const string BadUserInput = "BAD_USER_INPUT";

    /// <summary>Whether an upstream's own code says "not found", however it spells it (NotFound, NOT_FOUND, not-found).</summary>
    public static bool MeansNotFound(string? upstreamCode) =>
        upstreamCode is not null && string.Equals(upstreamCode.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal),
            "notfound", StringComparison.OrdinalIgnoreCase);
}
