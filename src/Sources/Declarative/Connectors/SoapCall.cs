using Gateway.Sources.Declarative.Expressions;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// The SOAP side of a connector: the operation (its request element), its namespace, SOAPAction and version, and
/// the header blocks it sends (<c>soapHeader</c>, an expression like the body, each member one block).
/// </summary>
public sealed record SoapCall(string Operation, string Namespace, string Action, SoapVersion Version, Expression? Header = null);

public enum SoapVersion
{
    Soap11,
    Soap12,
}
