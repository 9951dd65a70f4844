namespace Gateway.Sources.Declarative.Connectors;

/// <summary>The SOAP side of a connector: the operation (its request element), its namespace, SOAPAction and version.</summary>
public sealed record SoapCall(string Operation, string Namespace, string Action, SoapVersion Version);

public enum SoapVersion
{
    Soap11,
    Soap12,
}
