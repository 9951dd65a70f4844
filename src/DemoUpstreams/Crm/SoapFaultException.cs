namespace DemoUpstreams.Crm;

/// <summary>Ends a SOAP call with a Fault: <c>soap:Client</c> for the caller's mistakes, <c>soap:Server</c> for ours.</summary>
public sealed class SoapFaultException(bool clientFault, string code, string message) : Exception(message)
{
    public bool ClientFault { get; } = clientFault;

    /// <summary>The CRM's own fault code, in <c>detail/CrmFault/Code</c>.</summary>
    public string Code { get; } = code;

    public static SoapFaultException Client(string code, string message) => new(true, code, message);
}
