using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace DemoUpstreams.Tests;

/// <summary>Builds SOAP 1.1 requests and checks replies against the schema inside the served WSDL.</summary>
public static class Soap
{
    public static readonly XNamespace Env = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Tns = "urn:demo:crm:v1";

    public static HttpContent Envelope(XElement operation) =>
        Raw(new XDocument(new XElement(Env + "Envelope", new XElement(Env + "Body", operation))).ToString());

    public static HttpContent Raw(string xml) => new StringContent(xml, Encoding.UTF8, "text/xml");

    public static async Task<(int Status, XElement Body)> PostAsync(HttpClient client, HttpContent content)
    {
        using var response = await client.PostAsync("crm/soap", content);
        Assert.StartsWith("text/xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = document.Root!.Element(Env + "Body")!;
        return ((int)response.StatusCode, body.Elements().Single());
    }

    /// <summary>The XML Schema embedded in the WSDL, compiled.</summary>
    public static async Task<XmlSchemaSet> SchemaFromWsdlAsync(HttpClient client)
    {
        var wsdl = XDocument.Parse(await client.GetStringAsync("crm/soap?wsdl"));
        XNamespace xs = "http://www.w3.org/2001/XMLSchema";
        var schema = wsdl.Descendants(xs + "schema").Single();
        var set = new XmlSchemaSet();
        using var reader = schema.CreateReader();
        set.Add(XmlSchema.Read(reader, null)!);
        set.Compile();
        return set;
    }

    /// <summary>Validates <paramref name="element"/> against the WSDL's schema; returns the validation errors.</summary>
    public static List<string> Validate(XmlSchemaSet schemas, XElement element)
    {
        var errors = new List<string>();
        new XDocument(new XElement(element)).Validate(schemas, (_, e) => errors.Add(e.Message));
        return errors;
    }
}
