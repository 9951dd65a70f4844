namespace Gateway.Sources.Common.Errors;

/// <summary>An argument is out of range or malformed; the upstream is not called.</summary>
public sealed class BadUserInputError(string message, string? source = null)
    : GatewayError(ErrorCodes.BadUserInput, message, source);
