using Gateway.Sources.Common.Options;

namespace Gateway.Sources.Crm;

/// <summary><c>Sources:Crm</c>: <see cref="SourceOptions.BaseUrl"/> is the SOAP endpoint itself.</summary>
public sealed class CrmOptions : SourceOptions
{
    public const string SectionName = "Sources:Crm";
    public const string SourceName = "crm";
}
