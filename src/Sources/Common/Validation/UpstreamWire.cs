namespace Gateway.Sources.Common.Validation;

/// <summary>Where a client's string ends up in an upstream request, which decides the characters it may hold.</summary>
public enum UpstreamWire
{
    /// <summary>A JSON body, path or query: any well-formed UTF-16 text (no unpaired surrogates).</summary>
    Json,

    /// <summary>An XML document such as a SOAP envelope: XML 1.0 characters only.</summary>
    Xml,

    /// <summary>An HTTP header value: visible ASCII and spaces.</summary>
    Header,
}
