namespace Gateway.Sources.Common.Schema;

/// <summary>A problem with a mutation's input that the client can fix; returned in the payload, not as an error.</summary>
public sealed record UserError(string Message, string Code, IReadOnlyList<string>? Field = null);
