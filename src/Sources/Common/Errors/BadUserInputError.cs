namespace Gateway.Sources.Common.Errors;

/// <summary>
/// An argument is out of range or malformed; the upstream is not called. <c>extensions.argument</c> names the
/// argument when one is to blame.
/// </summary>
public sealed class BadUserInputError : GatewayError
{
    public BadUserInputError(string message, string? source = null, string? argument = null)
        : base(ErrorCodes.BadUserInput, message, source)
    {
        Argument = argument;
        if (argument is not null)
        {
            Extensions!["argument"] = argument;
        }
    }

    /// <summary>The argument (a dotted path into an input object, such as <c>where.city</c>), if one is to blame.</summary>
    public string? Argument { get; }
}
