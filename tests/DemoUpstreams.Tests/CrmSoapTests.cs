using System.Net;
using System.Xml.Linq;
using static DemoUpstreams.Tests.Soap;

namespace DemoUpstreams.Tests;

public sealed class CrmSoapTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Wsdl_describes_the_four_operations_at_the_served_address()
    {
        var wsdl = XDocument.Parse(await _client.GetStringAsync("crm/soap?wsdl"));
        XNamespace w = "http://schemas.xmlsoap.org/wsdl/";
        XNamespace soap = "http://schemas.xmlsoap.org/wsdl/soap/";

        var operations = wsdl.Root!.Element(w + "portType")!.Elements(w + "operation").Select(o => (string)o.Attribute("name")!);
        var address = (string)wsdl.Descendants(soap + "address").Single().Attribute("location")!;

        Assert.Equal(["GetCustomer", "GetCustomers", "SearchCustomers", "UpdateCustomerContact"], operations);
        Assert.Equal(new Uri(fixture.Server.BaseAddress, "crm/soap"), new Uri(address));
        Assert.NotNull(await SchemaFromWsdlAsync(_client));
    }

    [Fact]
    public async Task GetCustomer_returns_a_customer_that_matches_the_wsdl()
    {
        var schemas = await SchemaFromWsdlAsync(_client);

        var (status, body) = await PostAsync(_client, Envelope(new XElement(Tns + "GetCustomer", new XElement(Tns + "Id", 42))));

        Assert.Equal(200, status);
        Assert.Empty(Validate(schemas, body));
        var customer = body.Element(Tns + "Customer")!;
        Assert.Equal("42", customer.Element(Tns + "Id")!.Value);
        Assert.False(string.IsNullOrEmpty(customer.Element(Tns + "Address")!.Element(Tns + "City")!.Value));
    }

    [Fact]
    public async Task GetCustomers_reports_unknown_and_malformed_ids_per_item()
    {
        var schemas = await SchemaFromWsdlAsync(_client);
        var ids = new XElement(Tns + "Ids", new XElement(Tns + "Id", "1"), new XElement(Tns + "Id", "99999"),
            new XElement(Tns + "Id", "x1"), new XElement(Tns + "Id", "2"));

        var (status, body) = await PostAsync(_client, Envelope(new XElement(Tns + "GetCustomers", ids)));

        Assert.Equal(200, status);
        Assert.Empty(Validate(schemas, body));
        var results = body.Elements(Tns + "Result").ToList();
        Assert.Equal(4, results.Count);
        Assert.NotNull(results[0].Element(Tns + "Customer"));
        Assert.Equal("NotFound", results[1].Element(Tns + "Error")!.Element(Tns + "Code")!.Value);
        Assert.Equal("InvalidId", results[2].Element(Tns + "Error")!.Element(Tns + "Code")!.Value);
        Assert.Equal("2", results[3].Element(Tns + "Customer")!.Element(Tns + "Id")!.Value);
    }

    [Fact]
    public async Task GetCustomers_refuses_more_than_100_ids_with_a_client_fault()
    {
        var ids = new XElement(Tns + "Ids", Enumerable.Range(1, 101).Select(i => new XElement(Tns + "Id", i)));

        var (status, body) = await PostAsync(_client, Envelope(new XElement(Tns + "GetCustomers", ids)));

        Assert.Equal(500, status);
        Assert.Equal("soap:Client", body.Element("faultcode")!.Value);
        Assert.Equal("TooManyIds", body.Element("detail")!.Element(Tns + "CrmFault")!.Element(Tns + "Code")!.Value);
    }

    [Fact]
    public async Task SearchCustomers_filters_sorts_and_pages_in_the_crm()
    {
        var schemas = await SchemaFromWsdlAsync(_client);
        var search = new XElement(Tns + "SearchCustomers",
            new XElement(Tns + "Page", 2), new XElement(Tns + "PageSize", 4),
            new XElement(Tns + "Tier", "Gold"), new XElement(Tns + "City", "Berlin"),
            new XElement(Tns + "OrderBy", "Name"));

        var (status, body) = await PostAsync(_client, Envelope(search));

        Assert.Equal(200, status);
        Assert.Empty(Validate(schemas, body));
        var customers = body.Elements(Tns + "Customer").ToList();
        Assert.InRange(int.Parse(body.Element(Tns + "Total")!.Value), 8, 1000);
        Assert.Equal(4, customers.Count);
        Assert.All(customers, c =>
        {
            Assert.Equal("Gold", c.Element(Tns + "Tier")!.Value);
            Assert.Equal("Berlin", c.Element(Tns + "Address")!.Element(Tns + "City")!.Value);
        });
        var names = customers.Select(c => c.Element(Tns + "Name")!.Value).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task UpdateCustomerContact_changes_the_customer_and_refuses_an_invalid_email()
    {
        var update = new XElement(Tns + "UpdateCustomerContact",
            new XElement(Tns + "Id", 7), new XElement(Tns + "Email", "new.address@example.org"));
        var (status, body) = await PostAsync(_client, Envelope(update));
        Assert.Equal(200, status);
        Assert.Equal("new.address@example.org", body.Element(Tns + "Customer")!.Element(Tns + "Email")!.Value);

        var invalid = new XElement(Tns + "UpdateCustomerContact",
            new XElement(Tns + "Id", 7), new XElement(Tns + "Email", "not-an-email"));
        (status, body) = await PostAsync(_client, Envelope(invalid));
        Assert.Equal(500, status);
        Assert.Equal("soap:Client", body.Element("faultcode")!.Value);
        Assert.Equal("InvalidEmail", body.Element("detail")!.Element(Tns + "CrmFault")!.Element(Tns + "Code")!.Value);

        var (_, after) = await PostAsync(_client, Envelope(new XElement(Tns + "GetCustomer", new XElement(Tns + "Id", 7))));
        Assert.Equal("new.address@example.org", after.Element(Tns + "Customer")!.Element(Tns + "Email")!.Value);
    }

    [Fact]
    public async Task Unknown_customer_is_a_client_fault()
    {
        var (status, body) = await PostAsync(_client, Envelope(new XElement(Tns + "GetCustomer", new XElement(Tns + "Id", 424242))));

        Assert.Equal(500, status);
        Assert.Equal("soap:Client", body.Element("faultcode")!.Value);
        Assert.Contains("424242", body.Element("faultstring")!.Value);
    }

    [Theory]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>", "MalformedEnvelope")]
    [InlineData("<Envelope><Body/></Envelope>", "MalformedEnvelope")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>", "MalformedEnvelope")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><DropTables xmlns=\"urn:demo:crm:v1\"/></soap:Body></soap:Envelope>", "UnknownOperation")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><GetCustomer xmlns=\"urn:demo:crm:v1\"><Id>abc</Id></GetCustomer></soap:Body></soap:Envelope>", "InvalidArgument")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "MalformedEnvelope")]
    [InlineData("", "MalformedEnvelope")]
    public async Task Bad_envelopes_get_a_client_fault(string xml, string code)
    {
        var (status, body) = await PostAsync(_client, Raw(xml));

        Assert.Equal(500, status);
        Assert.Equal("soap:Client", body.Element("faultcode")!.Value);
        Assert.Equal(code, body.Element("detail")!.Element(Tns + "CrmFault")!.Element(Tns + "Code")!.Value);
    }

    [Fact]
    public async Task Wrong_content_type_is_a_client_fault_not_an_html_page()
    {
        using var response = await _client.PostAsync("crm/soap", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("soap:Client", await response.Content.ReadAsStringAsync());
    }
}
