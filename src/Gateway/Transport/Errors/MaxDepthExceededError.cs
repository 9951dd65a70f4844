namespace Gateway.Transport.Errors;

/// <summary>A document nested deeper than the parser goes (the same code as the depth limit's validation error).</summary>
public sealed class MaxDepthExceededError(string message) : RequestError(StatusCodes.Status400BadRequest, Gateway.Security.OperationLimitsRule.MaxDepthExceeded, message);
