using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Transport;

/// <summary>
/// How the gateway writes JSON: escaping only what JSON requires (quotes, backslashes, control characters), so
/// messages read as written ('x', not \u0027x\u0027) in clients, the playground and logs. The API serves JSON only,
/// never HTML, so characters that matter inside an HTML page need no escaping.
/// </summary>
public static class GatewayJson
{
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };
}
