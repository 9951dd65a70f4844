using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Crm.Client;

/// <summary>
/// A SOAP Fault from the CRM. Faults the CRM blames on the caller (<c>soap:Client</c>) for an unknown id map to
/// <c>NOT_FOUND</c>, invalid input to <c>BAD_USER_INPUT</c>; server faults are <c>UPSTREAM_ERROR</c>.
/// </summary>
public sealed class SoapFaultError(bool clientFault, string faultCode, string faultString)
    : GatewayError(
        !clientFault ? ErrorCodes.UpstreamError : faultCode == "NotFound" ? ErrorCodes.NotFound : ErrorCodes.BadUserInput,
        clientFault ? faultString : "The crm upstream failed (SOAP Fault).",
        CrmOptions.SourceName)
{
    public bool ClientFault { get; } = clientFault;

    /// <summary>The CRM's own code from the fault detail, for example <c>InvalidEmail</c>.</summary>
    public string FaultCode { get; } = faultCode;
}
