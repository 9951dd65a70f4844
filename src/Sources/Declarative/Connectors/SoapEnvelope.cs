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
/// in the operation's namespace (a member name in Clark notation, <c>{urn:other}Id</c>, gives its own); an answer's
/// elements become members, repeated ones lists, and text stays text (a postal code 01097 is never read as a number).
/// </summary>
internal static class SoapEnvelope
{
    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    /// <summary>The member that holds an element's own text when it also has attributes (<c>&lt;Price currency="EUR"&gt;12.50&lt;/Price&gt;</c>).</summary>
    public const string TextMember = "#text";
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
    };

    public static HttpRequestMessage Request(SoapCall call, Scope scope, JsonNode? body, string source)
    {
        using var buffer = new MemoryStream();
        try
        {
            using var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
            var envelope = call.Version == SoapVersion.Soap12 ? Soap12 : Soap11;
            writer.WriteStartElement("soap", "Envelope", envelope);
            if (call.Header?.Evaluate(scope) is JsonObject blocks && blocks.Any(block => block.Value is not null))
            {
                writer.WriteStartElement("soap", "Header", envelope);
                WriteMembers(writer, blocks, call.Namespace);
                writer.WriteEndElement();
            }
            writer.WriteStartElement("soap", "Body", envelope);
            if (call.Operation.Length > 0)
            {
                writer.WriteStartElement(call.Operation, call.Namespace);
                WriteMembers(writer, body, call.Namespace);
                writer.WriteEndElement();
            }
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
        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.NoContent)
        {
            // A one-way operation's answer: accepted, and nothing to read.
            return null;
        }
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.InternalServerError or HttpStatusCode.BadRequest))
        {
            throw UpstreamHttpStatus(response.StatusCode, source);
        }
        // The body is read whole before the first element is parsed (as HttpClient buffers it anyway), so the
        // payload is read straight into JSON with the synchronous reader, without an XML tree in between.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var reader = XmlReader.Create(stream, ReaderSettings);
            if (!ToBodyPayload(reader))
            {
                throw new UpstreamError(source, $"The {source} upstream answered without a SOAP Body.");
            }
            if (reader.LocalName == "Fault" && reader.NamespaceURI is Soap11 or Soap12)
            {
                throw Fault((XElement)XNode.ReadFrom(reader), source);
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw UpstreamHttpStatus(response.StatusCode, source);
            }
            return ReadElement(reader);
        }
        catch (XmlException ex)
        {
            throw new UpstreamError(source, $"The {source} upstream answered with malformed XML.", ex);
        }
    }

    /// <summary>Moves to the first element inside the Body; false when there is none.</summary>
    private static bool ToBodyPayload(XmlReader reader)
    {
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Body" && reader.NamespaceURI is Soap11 or Soap12)
            {
                if (reader.IsEmptyElement)
                {
                    return false;
                }
                while (reader.Read() && reader.NodeType != XmlNodeType.Element)
                {
                    if (reader.NodeType == XmlNodeType.EndElement)
                    {
                        return false;
                    }
                }
                return reader.NodeType == XmlNodeType.Element;
            }
        }
        return false;
    }

    /// <summary>
    /// The element the reader is on, as JSON, leaving the reader after it: child elements as members by local name
    /// (a repeated one as a list, in the place of its first), attributes as members, an element with neither as its
    /// text, and <c>xsi:nil</c> as null.
    /// </summary>
    internal static JsonNode? ReadElement(XmlReader reader)
    {
        var nil = false;
        JsonObject? members = null;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI == XsiNamespace)
                {
                    nil |= reader.LocalName == "nil" && reader.Value is "true" or "1";
                }
                else if (reader.NamespaceURI != XmlnsNamespace)
                {
                    (members ??= [])[reader.LocalName] = reader.Value;
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return nil ? null : members ?? (JsonNode)JsonValue.Create("");
        }
        StringBuilder? text = null;
        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var name = reader.LocalName;
                    var child = ReadElement(reader);
                    members ??= [];
                    if (!members.TryGetPropertyValue(name, out var earlier))
                    {
                        members[name] = child;
                    }
                    else if (earlier is JsonArray repeated)
                    {
                        repeated.Add(child);
                    }
                    else
                    {
                        // A second element of that name: the member becomes the list of them, where the first stood.
                        members[name] = null;
                        members[name] = new JsonArray(earlier, child);
                    }
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    (text ??= new StringBuilder()).Append(reader.Value);
                    reader.Read();
                    break;
                case XmlNodeType.None:
                    throw new XmlException("The answer ends inside an element.");
                default:
                    reader.Read();
                    break;
            }
        }
        reader.Read();
        if (nil)
        {
            return null;
        }
        if (members is not null && text is not null && !members.ContainsKey(TextMember))
        {
            members[TextMember] = text.ToString();
        }
        return members ?? (JsonNode)JsonValue.Create(text?.ToString() ?? "");
    }

    private static GatewayError UpstreamHttpStatus(HttpStatusCode status, string source) =>
        Common.Http.UpstreamHttp.StatusError(status, source);

    /// <summary>
    /// The members of <paramref name="node"/> as the content of the element being written: each member an element
    /// (a list one element per item, a null none) in the parent's namespace <paramref name="ns"/>, unless its name
    /// says otherwise in Clark notation (<c>{urn:other}Street</c>, <c>{}street</c> for none); <c>@lang</c> (or
    /// <c>@{urn:x}lang</c>) an attribute, and <c>#text</c> the element's own text. Anything else is written as text.
    /// </summary>
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
        // Attributes go first: XmlWriter writes them only before the element's content.
        foreach (var (name, value) in members)
        {
            if (name.StartsWith('@') && value is not null)
            {
                var (attributeNs, local) = QualifiedName(name[1..], "");
                writer.WriteAttributeString(local, attributeNs, TemplateExpression.Text(value));
            }
        }
        foreach (var (name, value) in members)
        {
            if (name.StartsWith('@'))
            {
                continue;
            }
            if (name == TextMember)
            {
                WriteMembers(writer, value is JsonObject ? null : value, ns);
                continue;
            }
            var (elementNs, local) = QualifiedName(name, ns);
            foreach (var item in value is JsonArray list ? (IEnumerable<JsonNode?>)list : [value])
            {
                if (item is null)
                {
                    continue;
                }
                writer.WriteStartElement(local, elementNs);
                WriteMembers(writer, item, elementNs);
                writer.WriteEndElement();
            }
        }
    }

    /// <summary><c>{urn:x}Name</c> is Name in urn:x, <c>{}Name</c> Name in no namespace, <c>Name</c> Name in <paramref name="inherited"/>.</summary>
    private static (string Namespace, string Local) QualifiedName(string name, string inherited)
    {
        if (name.StartsWith('{') && name.IndexOf('}', StringComparison.Ordinal) is var end and > 0)
        {
            return (name[1..end], name[(end + 1)..]);
        }
        return (inherited, name);
    }

    private static SoapFaultError Fault(XElement fault, string source)
    {
        // SOAP 1.1: faultcode, faultstring, detail; SOAP 1.2: Code/Value, Reason/Text, Detail.
        var code = (string?)Child(fault, "faultcode") ?? (string?)Child(Child(fault, "Code"), "Value") ?? "";
        var local = code[(code.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var reason = (string?)Child(fault, "faultstring") ?? (string?)Child(Child(fault, "Reason"), "Text") ?? "The service refused the request.";
        var detail = Child(fault, "detail") ?? Child(fault, "Detail");
        var own = detail?.Descendants().FirstOrDefault(e => e.Name.LocalName is "Code" or "code" && !e.HasElements)?.Value;
        return new SoapFaultError(source, local is "Client" or "Sender", own ?? local, reason, detail?.Elements().FirstOrDefault()?.Name.LocalName);
    }

    private static XElement? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
