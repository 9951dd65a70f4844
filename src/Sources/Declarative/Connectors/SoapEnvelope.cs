using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Soap;
using Gateway.Sources.Declarative.Expressions;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// SOAP 1.1 and 1.2 document/literal envelopes from and to the JSON nodes connectors work with. A request body
/// <c>{ Ids: { Id: ["1", "2"] } }</c> becomes <c>&lt;Ids&gt;&lt;Id&gt;1&lt;/Id&gt;&lt;Id&gt;2&lt;/Id&gt;&lt;/Ids&gt;</c>
/// in the operation's namespace; an answer's elements become members, repeated ones lists, and text stays text
/// (a postal code 01097 is never read as a number).
/// </summary>
internal static class SoapEnvelope
{
    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        Async = true,
    };

    public static HttpRequestMessage Request(SoapCall call, JsonNode? body, string source)
    {
        using var buffer = new MemoryStream();
        try
        {
            using var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
            var envelope = call.Version == SoapVersion.Soap12 ? Soap12 : Soap11;
            writer.WriteStartElement("soap", "Envelope", envelope);
            writer.WriteStartElement("soap", "Body", envelope);
            writer.WriteStartElement(call.Operation, call.Namespace);
            WriteMembers(writer, body, call.Namespace);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        catch (ArgumentException)
        {
            // XmlWriter refuses characters and names XML cannot hold: the input's fault, and no call is made.
            throw new BadUserInputError($"The input holds characters the {source} upstream's XML cannot carry.", source);
        }
        var content = new ByteArrayContent(buffer.ToArray());
        var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = content };
        if (call.Version == SoapVersion.Soap12)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/soap+xml") { CharSet = "utf-8" };
            content.Headers.ContentType.Parameters.Add(new NameValueHeaderValue("action", $"\"{call.Action}\""));
        }
        else
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{call.Action}\"");
        }
        return request;
    }

    /// <summary>The answer's payload (the first element in the Body) as JSON; a Fault is thrown as a <see cref="SoapFaultError"/>.</summary>
    public static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, string source, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.InternalServerError or HttpStatusCode.BadRequest))
        {
            throw UpstreamHttpStatus(response.StatusCode, source);
        }
        XElement payload;
        try
        {
            payload = await BodyElementAsync(response, cancellationToken).ConfigureAwait(false)
                ?? throw new UpstreamError(source, $"The {source} upstream answered without a SOAP Body.");
        }
        catch (XmlException ex)
        {
            throw new UpstreamError(source, $"The {source} upstream answered with malformed XML.", ex);
        }
        if (payload.Name.LocalName == "Fault" && payload.Name.NamespaceName is Soap11 or Soap12)
        {
            throw Fault(payload, source);
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw UpstreamHttpStatus(response.StatusCode, source);
        }
        return ToJson(payload);
    }

    private static GatewayError UpstreamHttpStatus(HttpStatusCode status, string source) =>
        Common.Http.UpstreamHttp.StatusError(status, source);

    private static void WriteMembers(XmlWriter writer, JsonNode? node, string ns)
    {
        if (node is not JsonObject members)
        {
            if (node is not null)
            {
                writer.WriteString(TemplateExpression.Text(node));
            }
            return;
        }
        foreach (var (name, value) in members)
        {
            foreach (var item in value is JsonArray list ? (IEnumerable<JsonNode?>)list : [value])
            {
                if (item is null)
                {
                    continue;
                }
                writer.WriteStartElement(name, ns);
                WriteMembers(writer, item, ns);
                writer.WriteEndElement();
            }
        }
    }

    private static async Task<XElement?> BodyElementAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = XmlReader.Create(stream, ReaderSettings);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Body" && reader.NamespaceURI is Soap11 or Soap12)
            {
                await reader.ReadAsync().ConfigureAwait(false);
                return reader.NodeType == XmlNodeType.Element
                    ? (XElement)await XNode.ReadFromAsync(reader, cancellationToken).ConfigureAwait(false)
                    : null;
            }
        }
        return null;
    }

    /// <summary>Elements as members by local name (repeated ones as a list), attributes as members, text as strings.</summary>
    internal static JsonNode? ToJson(XElement element)
    {
        if ((string?)element.Attribute(Xsi + "nil") is "true" or "1")
        {
            return null;
        }
        var attributes = element.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.Namespace != Xsi).ToList();
        if (!element.HasElements && attributes.Count == 0)
        {
            return JsonValue.Create(element.Value);
        }
        var result = new JsonObject();
        foreach (var attribute in attributes)
        {
            result[attribute.Name.LocalName] = attribute.Value;
        }
        foreach (var group in element.Elements().GroupBy(e => e.Name.LocalName))
        {
            var items = group.Select(ToJson).ToList();
            result[group.Key] = items.Count == 1 ? items[0] : new JsonArray([.. items]);
        }
        return result;
    }

    private static SoapFaultError Fault(XElement fault, string source)
    {
        // SOAP 1.1: faultcode, faultstring, detail; SOAP 1.2: Code/Value, Reason/Text, Detail.
        var code = (string?)Child(fault, "faultcode") ?? (string?)Child(Child(fault, "Code"), "Value") ?? "";
        var local = code[(code.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var reason = (string?)Child(fault, "faultstring") ?? (string?)Child(Child(fault, "Reason"), "Text") ?? "The service refused the request.";
        var detail = Child(fault, "detail") ?? Child(fault, "Detail");
        var own = detail?.Descendants().FirstOrDefault(e => e.Name.LocalName is "Code" or "code" && !e.HasElements)?.Value;
        return new SoapFaultError(source, local is "Client" or "Sender", own ?? local, reason);
    }

    private static XElement? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
