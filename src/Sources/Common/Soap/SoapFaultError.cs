using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Common.Soap;

/// <summary>
/// A SOAP Fault as a typed error. A fault the service blames on the caller (SOAP 1.1 <c>Client</c>, 1.2
/// <c>Sender</c>) is <c>NOT_FOUND</c> when the service's own code says so, else <c>BAD_USER_INPUT</c> with the
/// service's reason; any other fault is <c>UPSTREAM_ERROR</c> and says nothing of it. <c>extensions.faultCode</c>
/// carries the service's code for clients to branch on, and <c>extensions.fault</c> which of the faults its WSDL
/// declares it is (the element in the fault's detail).
/// </summary>
public sealed class SoapFaultError : GatewayError
{
    private const int MaxReason = 200;

    public SoapFaultError(string source, bool clientFault, string faultCode, string reason, string? fault = null)
        : base(
            !clientFault ? ErrorCodes.UpstreamError : ErrorCodes.MeansNotFound(faultCode) ? ErrorCodes.NotFound : ErrorCodes.BadUserInput,
            clientFault ? (reason.Length > MaxReason ? reason[..MaxReason] + "…" : reason) : $"The {source} upstream failed (SOAP Fault).",
            source)
    {
        ClientFault = clientFault;
        FaultCode = faultCode;
        Fault = fault;
        if (clientFault)
        {
            Extensions!["faultCode"] = faultCode;
            if (fault is not null)
            {
                Extensions["fault"] = fault;
            }
        }
    }

    public bool ClientFault { get; }

    /// <summary>The service's own code from the fault's detail (for example <c>NotFound</c>), or the fault code itself.</summary>
    public string FaultCode { get; }

    /// <summary>The local name of the element in the fault's detail (<c>NoSuchCustomer</c>), the fault its WSDL declares; null without one.</summary>
    public string? Fault { get; }
}
