using System.Net;
using System.Text;
using System.Xml.Linq;

namespace DemoUpstreams.Tests;

/// <summary>The CRM answers SOAP 1.2 requests in SOAP 1.2: envelope, content type, and faults with Code, Reason and Detail.</summary>
public sealed class CrmSoap12Tests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static readonly XNamespace Env12 = "http://www.w3.org/2003/05/soap-envelope";

    [Fact]
    public async Task A_soap_1_2_request_gets_a_soap_1_2_answer()
    {
        var (status, contentType, body) = await PostAsync(new XElement(Soap.Tns + "GetCustomer", new XElement(Soap.Tns + "Id", "3")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/soap+xml", contentType);
        Assert.Equal("3", (string?)body.Element(Soap.Tns + "Customer")?.Element(Soap.Tns + "Id"));
    }

    [Theory]
    [InlineData("424242", HttpStatusCode.BadRequest, "soap:Sender", "NotFound")]
    [InlineData("abc", HttpStatusCode.BadRequest, "soap:Sender", "InvalidArgument")]
    public async Task A_soap_1_2_fault_has_code_reason_and_detail(string id, HttpStatusCode expectedStatus, string code, string crmCode)
    {
        var (status, _, fault) = await PostAsync(new XElement(Soap.Tns + "GetCustomer", new XElement(Soap.Tns + "Id", id)));

        Assert.Equal(expectedStatus, status);
        Assert.Equal(Env12 + "Fault", fault.Name);
        Assert.Equal(code, (string?)fault.Element(Env12 + "Code")?.Element(Env12 + "Value"));
        Assert.False(string.IsNullOrEmpty((string?)fault.Element(Env12 + "Reason")?.Element(Env12 + "Text")));
        Assert.Equal(crmCode, (string?)fault.Element(Env12 + "Detail")?.Element(Soap.Tns + "CrmFault")?.Element(Soap.Tns + "Code"));
    }

    private async Task<(HttpStatusCode Status, string? ContentType, XElement Payload)> PostAsync(XElement operation)
    {
        var envelope = new XDocument(new XElement(Env12 + "Envelope", new XElement(Env12 + "Body", operation))).ToString();
        using var content = new StringContent(envelope, Encoding.UTF8, "application/soap+xml");
        using var response = await fixture.Client.PostAsync("crm/soap", content);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            document.Root!.Element(Env12 + "Body")!.Elements().Single());
    }
}
