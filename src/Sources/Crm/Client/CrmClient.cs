using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Gateway.Sources.Common.DataLoading;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Http;
using Gateway.Sources.Crm.Contracts;

namespace Gateway.Sources.Crm.Client;

/// <summary>
/// Typed client of the CRM's SOAP 1.1 service. Envelopes are written with <see cref="XmlWriter"/> and replies read
/// with <see cref="XmlReader"/>, materialising one customer at a time. We chose this over a generated WCF client:
/// four document/literal operations do not need a service model, the code shows exactly what goes over the wire,
/// and it shares HttpClient (with its resilience handlers) with the REST sources.
/// </summary>
public sealed class CrmClient(HttpClient http)
{
    private const string Ns = "urn:demo:crm:v1";
    private const string SoapNs = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Tns = Ns;
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        Async = true,
    };

    /// <summary>Customers by id in one call; unknown and malformed ids fail only their own entry.</summary>
    public async Task<IReadOnlyDictionary<string, LoadResult<Customer>>> GetCustomersAsync(
        IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var body = await CallAsync("GetCustomers", retrySafe: true, writer =>
        {
            writer.WriteStartElement("Ids", Ns);
            foreach (var id in ids)
            {
                writer.WriteElementString("Id", Ns, id);
            }
            writer.WriteEndElement();
        }, cancellationToken).ConfigureAwait(false);

        var results = new Dictionary<string, LoadResult<Customer>>(ids.Count, StringComparer.Ordinal);
        foreach (var result in body.Elements(Tns + "Result"))
        {
            var id = (string?)result.Element(Tns + "Id") ?? "";
            if (result.Element(Tns + "Customer") is { } customer)
            {
                results[id] = LoadResult<Customer>.Found(ReadCustomer(customer));
            }
            else
            {
                var code = (string?)result.Element(Tns + "Error")?.Element(Tns + "Code");
                results[id] = LoadResult<Customer>.Failed(code == "NotFound"
                    ? new NotFoundError(CrmOptions.SourceName, "Customer", id)
                    : new BadUserInputError($"'{id}' is not a customer id.", CrmOptions.SourceName));
            }
        }
        return results;
    }

    public async Task<CustomerSearchResult> SearchCustomersAsync(CustomerSearch search, CancellationToken cancellationToken)
    {
        var body = await CallAsync("SearchCustomers", retrySafe: true, writer =>
        {
            writer.WriteElementString("Query", Ns, search.Query);
            writer.WriteElementString("Page", Ns, search.Page.ToString(CultureInfo.InvariantCulture));
            writer.WriteElementString("PageSize", Ns, search.PageSize.ToString(CultureInfo.InvariantCulture));
            foreach (var tier in search.Tiers ?? [])
            {
                writer.WriteElementString("Tier", Ns, tier.ToString());
            }
            foreach (var city in search.Cities ?? [])
            {
                writer.WriteElementString("City", Ns, city);
            }
            if (search.CreatedFrom is { } from)
            {
                writer.WriteElementString("CreatedFrom", Ns, XmlConvert.ToString(from));
            }
            if (search.CreatedTo is { } to)
            {
                writer.WriteElementString("CreatedTo", Ns, XmlConvert.ToString(to));
            }
            if (search.OrderBy is not null)
            {
                writer.WriteElementString("OrderBy", Ns, search.OrderBy);
                writer.WriteElementString("Descending", Ns, search.Descending ? "true" : "false");
            }
        }, cancellationToken).ConfigureAwait(false);

        var total = (int?)body.Element(Tns + "Total") ?? 0;
        return new CustomerSearchResult(total, body.Elements(Tns + "Customer").Select(ReadCustomer).ToList());
    }

    /// <summary>Changes contact details; invalid input comes back as a client <see cref="SoapFaultError"/>.</summary>
    public async Task<Customer> UpdateCustomerContactAsync(string id, string? email, string? phone, CancellationToken cancellationToken)
    {
        // Not retried: if another writer changed the customer between two attempts, a retry would undo their change.
        var body = await CallAsync("UpdateCustomerContact", retrySafe: false, writer =>
        {
            writer.WriteElementString("Id", Ns, id);
            if (email is not null)
            {
                writer.WriteElementString("Email", Ns, email);
            }
            if (phone is not null)
            {
                writer.WriteElementString("Phone", Ns, phone);
            }
        }, cancellationToken).ConfigureAwait(false);
        return ReadCustomer(body.Element(Tns + "Customer")
            ?? throw new UpstreamError(CrmOptions.SourceName, "The crm upstream answered without a customer."));
    }

    private async Task<XElement> CallAsync(string operation, bool retrySafe, Action<XmlWriter> writeParameters, CancellationToken cancellationToken)
    {
        ByteArrayContent envelope;
        try
        {
            envelope = Envelope(operation, writeParameters);
        }
        catch (ArgumentException)
        {
            // XmlWriter refuses characters XML cannot hold. Arguments are checked before this; should one slip
            // through, it is still the request's fault, and the upstream is not called.
            throw new BadUserInputError("The input holds characters the crm upstream's XML cannot carry.", CrmOptions.SourceName);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = envelope };
        if (retrySafe)
        {
            // SOAP reads are POSTs too; they are marked so the resilience pipeline may repeat them.
            UpstreamRequest.MarkRetrySafe(request);
        }
        request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{Ns}/{operation}\"");
        using var response = await UpstreamHttp.SendAsync(http, request, CrmOptions.SourceName, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.InternalServerError))
        {
            throw UpstreamHttp.StatusError(response.StatusCode, CrmOptions.SourceName);
        }

        var payload = await ReadBodyElementAsync(response, cancellationToken).ConfigureAwait(false);
        if (payload.Name == XName.Get("Fault", SoapNs))
        {
            throw ReadFault(payload);
        }
        if (response.StatusCode != HttpStatusCode.OK || payload.Name != Tns + (operation + "Response"))
        {
            throw new UpstreamError(CrmOptions.SourceName, "The crm upstream answered with an unexpected message.");
        }
        return payload;
    }

    private static ByteArrayContent Envelope(string operation, Action<XmlWriter> writeParameters)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartElement("soap", "Envelope", SoapNs);
            writer.WriteStartElement("soap", "Body", SoapNs);
            writer.WriteStartElement(operation, Ns);
            writeParameters(writer);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new("text/xml") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>Streams to the first element inside the SOAP Body and materialises only that element.</summary>
    private static async Task<XElement> ReadBodyElementAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = XmlReader.Create(stream, ReaderSettings);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Body" && reader.NamespaceURI == SoapNs)
                {
                    await reader.ReadAsync().ConfigureAwait(false);
                    if (reader.NodeType == XmlNodeType.Element)
                    {
                        return (XElement)await XNode.ReadFromAsync(reader, cancellationToken).ConfigureAwait(false);
                    }
                    break;
                }
            }
        }
        catch (XmlException ex)
        {
            throw new UpstreamError(CrmOptions.SourceName, "The crm upstream answered with malformed XML.", ex);
        }
        throw new UpstreamError(CrmOptions.SourceName, "The crm upstream answered without a SOAP Body.");
    }

    private static SoapFaultError ReadFault(XElement fault)
    {
        var faultCode = (string?)fault.Element("faultcode") ?? "";
        var clientFault = faultCode.EndsWith(":Client", StringComparison.Ordinal) || faultCode == "Client";
        var code = (string?)fault.Element("detail")?.Element(Tns + "CrmFault")?.Element(Tns + "Code") ?? "Unknown";
        var message = (string?)fault.Element("faultstring") ?? "The CRM refused the request.";
        return new SoapFaultError(clientFault, code, message);
    }

    private static Customer ReadCustomer(XElement customer)
    {
        var address = customer.Element(Tns + "Address");
        return new Customer(
            Text(customer, "Id"),
            Text(customer, "Name"),
            Text(customer, "Email"),
            Text(customer, "Phone"),
            Text(customer, "Company"),
            Enum.TryParse<CustomerTier>(Text(customer, "Tier"), out var tier) ? tier
                : throw new UpstreamError(CrmOptions.SourceName, "The crm upstream answered with an unknown tier."),
            Text(customer, "AccountManager"),
            XmlConvert.ToDateTimeOffset(Text(customer, "CreatedAt")),
            new Address(Text(address, "Street"), Text(address, "City"), Text(address, "PostalCode"), Text(address, "Country")));
    }

    private static string Text(XElement? parent, string name) =>
        (string?)parent?.Element(Tns + name)
        ?? throw new UpstreamError(CrmOptions.SourceName, $"The crm upstream answered without '{name}'.");
}
