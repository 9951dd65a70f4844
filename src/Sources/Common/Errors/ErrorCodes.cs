namespace Gateway.Sources.Common.Errors;

/// <summary>The stable values of <c>extensions.code</c> that clients can branch on.</summary>
public static class ErrorCodes
{
    public const string UpstreamError = "UPSTREAM_ERROR";
    public const string UpstreamTimeout = "UPSTREAM_TIMEOUT";
    public const string UpstreamUnavailable = "UPSTREAM_UNAVAILABLE";
    public const string NotFound = "NOT_FOUND";
    public const string BadUserInput = "BAD_USER_INPUT";
}
