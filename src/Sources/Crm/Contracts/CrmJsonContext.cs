using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Sources.Crm.Contracts;

/// <summary>Source-generated JSON for CRM contracts (cache payloads).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Customer))]
public sealed partial class CrmJsonContext : JsonSerializerContext;
