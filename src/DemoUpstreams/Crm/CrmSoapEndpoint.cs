using System.Globalization;
using System.Reflection;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace DemoUpstreams.Crm;

/// <summary>
/// The CRM's SOAP endpoint (document/literal, wrapped), in SOAP 1.1 (<c>text/xml</c>) and SOAP 1.2
/// (<c>application/soap+xml</c>), answering in the version it was asked in. Requests are parsed with DTDs prohibited
/// and no resolver, so hostile XML cannot read files or expand entities; every failure is a SOAP Fault (HTTP 500,
/// or 400 for a SOAP 1.2 Sender fault).
/// </summary>
public sealed class CrmSoapEndpoint(CrmStore store, Control.DemoStats stats)
{
    public const string Namespace = "urn:demo:crm:v1";
    public const string SoapNamespace = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Soap12Namespace = "http://www.w3.org/2003/05/soap-envelope";
    public const int MaxBatch = 100;
    private const int MaxEnvelopeBytes = 1024 * 1024;

    private static readonly XNamespace Tns = Namespace;
    private static readonly Lazy<string> WsdlTemplate = new(LoadWsdl);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("wsdl"))
        {
            var address = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
            context.Response.ContentType = "text/xml; charset=utf-8";
            await context.Response.WriteAsync(WsdlTemplate.Value.Replace("{{ADDRESS}}", address, StringComparison.Ordinal), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        try
        {
            if (!HttpMethods.IsPost(request.Method))
            {
                throw SoapFaultException.Client("MethodNotAllowed", "SOAP requests are POSTed; GET ?wsdl returns the service description.");
            }
            if (request.ContentType is null
                || !(request.ContentType.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase) || IsSoap12(request)))
            {
                throw SoapFaultException.Client("UnsupportedContentType",
                    "SOAP 1.1 requests have Content-Type: text/xml, SOAP 1.2 requests application/soap+xml.");
            }
            var operation = await ReadOperationAsync(request, context.RequestAborted).ConfigureAwait(false);
            await WriteEnvelopeAsync(context, StatusCodes.Status200OK, writer => Dispatch(operation, writer)).ConfigureAwait(false);
        }
        catch (SoapFaultException fault)
        {
            await WriteFaultAsync(context, fault).ConfigureAwait(false);
        }
    }

    private static async Task<XElement> ReadOperationAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxEnvelopeBytes)
        {
            throw SoapFaultException.Client("EnvelopeTooLarge", $"The envelope is larger than {MaxEnvelopeBytes} bytes.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxEnvelopeBytes)
            {
                throw SoapFaultException.Client("EnvelopeTooLarge", $"The envelope is larger than {MaxEnvelopeBytes} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;

        XDocument document;
        try
        {
            using var reader = XmlReader.Create(buffer, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = MaxEnvelopeBytes,
            });
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw SoapFaultException.Client("MalformedEnvelope", $"The request is not well-formed XML: {ex.Message}");
        }

        XNamespace soap = IsSoap12(request) ? Soap12Namespace : SoapNamespace;
        var envelope = document.Root;
        if (envelope is null || envelope.Name != soap + "Envelope")
        {
            throw SoapFaultException.Client("MalformedEnvelope", $"The root element must be a SOAP {(IsSoap12(request) ? "1.2" : "1.1")} Envelope.");
        }
        var body = envelope.Element(soap + "Body")
            ?? throw SoapFaultException.Client("MalformedEnvelope", "The Envelope has no Body.");
        return body.Elements().FirstOrDefault()
            ?? throw SoapFaultException.Client("MalformedEnvelope", "The Body names no operation.");
    }

    private void Dispatch(XElement operation, XmlWriter writer)
    {
        if (operation.Name.Namespace != Tns)
        {
            throw SoapFaultException.Client("UnknownOperation", $"Operations are in the namespace {Namespace}.");
        }
        switch (operation.Name.LocalName)
        {
            case "GetCustomer":
                GetCustomer(operation, writer);
                break;
            case "GetCustomers":
                GetCustomers(operation, writer);
                break;
            case "SearchCustomers":
                SearchCustomers(operation, writer);
                break;
            case "UpdateCustomerContact":
                UpdateCustomerContact(operation, writer);
                break;
            default:
                throw SoapFaultException.Client("UnknownOperation", $"The operation '{operation.Name.LocalName}' does not exist.");
        }
    }

    private void GetCustomer(XElement operation, XmlWriter writer)
    {
        var id = RequiredInt(operation, "Id");
        var customer = store.Get(id) ?? throw SoapFaultException.Client("NotFound", $"Customer {id} was not found.");
        writer.WriteStartElement("GetCustomerResponse", Namespace);
        WriteCustomer(writer, customer);
        writer.WriteEndElement();
    }

    private void GetCustomers(XElement operation, XmlWriter writer)
    {
        var ids = operation.Element(Tns + "Ids")?.Elements(Tns + "Id").Select(e => e.Value).ToList() ?? [];
        if (ids.Count == 0)
        {
            throw SoapFaultException.Client("InvalidArgument", "GetCustomers needs at least one Id.");
        }
        if (ids.Count > MaxBatch)
        {
            throw SoapFaultException.Client("TooManyIds", $"GetCustomers takes at most {MaxBatch} ids, not {ids.Count}.");
        }

        stats.CountItems("crm.GetCustomers", ids.Count);
        writer.WriteStartElement("GetCustomersResponse", Namespace);
        foreach (var raw in ids)
        {
            writer.WriteStartElement("Result", Namespace);
            writer.WriteElementString("Id", Namespace, raw);
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                WriteItemError(writer, "InvalidId", $"'{raw}' is not a customer id.");
            }
            else if (store.Get(id) is { } customer)
            {
                WriteCustomer(writer, customer);
            }
            else
            {
                WriteItemError(writer, "NotFound", $"Customer {id} was not found.");
            }
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }

    private void SearchCustomers(XElement operation, XmlWriter writer)
    {
        var page = RequiredInt(operation, "Page");
        var pageSize = RequiredInt(operation, "PageSize");
        if (page < 1 || pageSize is < 1 or > MaxBatch)
        {
            throw SoapFaultException.Client("InvalidArgument", $"Page must be at least 1 and PageSize between 1 and {MaxBatch}.");
        }
        var tiers = operation.Elements(Tns + "Tier").Select(e => e.Value).ToList();
        var unknownTier = tiers.FirstOrDefault(t => !CrmStore.Tiers.Contains(t));
        if (unknownTier is not null)
        {
            throw SoapFaultException.Client("InvalidArgument", $"'{unknownTier}' is not a tier.");
        }
        var orderBy = operation.Element(Tns + "OrderBy")?.Value;
        if (orderBy is not null and not ("Id" or "Name" or "CreatedAt"))
        {
            throw SoapFaultException.Client("InvalidArgument", $"'{orderBy}' is not a sort key.");
        }

        var search = new CustomerSearch(
            operation.Element(Tns + "Query")?.Value,
            page,
            pageSize,
            tiers,
            operation.Elements(Tns + "City").Select(e => e.Value).ToList(),
            OptionalDate(operation, "CreatedFrom"),
            OptionalDate(operation, "CreatedTo"),
            orderBy,
            OptionalBool(operation, "Descending"));
        var (total, customers) = store.Search(search);

        writer.WriteStartElement("SearchCustomersResponse", Namespace);
        writer.WriteElementString("Total", Namespace, total.ToString(CultureInfo.InvariantCulture));
        writer.WriteElementString("Page", Namespace, page.ToString(CultureInfo.InvariantCulture));
        writer.WriteElementString("PageSize", Namespace, pageSize.ToString(CultureInfo.InvariantCulture));
        foreach (var customer in customers)
        {
            WriteCustomer(writer, customer);
        }
        writer.WriteEndElement();
    }

    private void UpdateCustomerContact(XElement operation, XmlWriter writer)
    {
        var id = RequiredInt(operation, "Id");
        var (customer, error) = store.UpdateContact(id, operation.Element(Tns + "Email")?.Value, operation.Element(Tns + "Phone")?.Value);
        if (customer is null)
        {
            throw SoapFaultException.Client("NotFound", $"Customer {id} was not found.");
        }
        if (error is not null)
        {
            throw SoapFaultException.Client(error, error == "InvalidEmail" ? "The email address is not valid." : "The phone number is not valid.");
        }
        writer.WriteStartElement("UpdateCustomerContactResponse", Namespace);
        WriteCustomer(writer, customer);
        writer.WriteEndElement();
    }

    private static int RequiredInt(XElement operation, string name)
    {
        var value = operation.Element(Tns + name)?.Value;
        if (value is null || !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw SoapFaultException.Client("InvalidArgument", $"'{name}' must be an integer.");
        }
        return number;
    }

    private static DateTimeOffset? OptionalDate(XElement operation, string name)
    {
        var value = operation.Element(Tns + name)?.Value;
        if (value is null)
        {
            return null;
        }
        try
        {
            return XmlConvert.ToDateTimeOffset(value);
        }
        catch (FormatException)
        {
            throw SoapFaultException.Client("InvalidArgument", $"'{name}' must be an xs:dateTime.");
        }
    }

    private static bool OptionalBool(XElement operation, string name)
    {
        var value = operation.Element(Tns + name)?.Value;
        return value is "true" or "1";
    }

    private static void WriteCustomer(XmlWriter writer, CustomerRecord customer)
    {
        writer.WriteStartElement("Customer", Namespace);
        writer.WriteElementString("Id", Namespace, customer.Id.ToString(CultureInfo.InvariantCulture));
        writer.WriteElementString("Name", Namespace, customer.Name);
        writer.WriteElementString("Email", Namespace, customer.Email);
        writer.WriteElementString("Phone", Namespace, customer.Phone);
        writer.WriteElementString("Company", Namespace, customer.Company);
        writer.WriteElementString("Tier", Namespace, customer.Tier);
        writer.WriteElementString("AccountManager", Namespace, customer.AccountManager);
        writer.WriteElementString("CreatedAt", Namespace, XmlConvert.ToString(customer.CreatedAt));
        writer.WriteStartElement("Address", Namespace);
        writer.WriteElementString("Street", Namespace, customer.Address.Street);
        writer.WriteElementString("City", Namespace, customer.Address.City);
        writer.WriteElementString("PostalCode", Namespace, customer.Address.PostalCode);
        writer.WriteElementString("Country", Namespace, customer.Address.Country);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void WriteItemError(XmlWriter writer, string code, string message)
    {
        writer.WriteStartElement("Error", Namespace);
        writer.WriteElementString("Code", Namespace, code);
        writer.WriteElementString("Message", Namespace, message);
        writer.WriteEndElement();
    }

    /// <summary>
    /// SOAP 1.1 puts faults in a 500 response (section 6.2); SOAP 1.2 in a 400 for Sender faults and a 500 for
    /// Receiver faults (part 2, section 7.5.1), with Code, Reason and Detail.
    /// </summary>
    public static Task WriteFaultAsync(HttpContext context, SoapFaultException fault)
    {
        if (IsSoap12(context.Request))
        {
            return WriteEnvelopeAsync(context, fault.ClientFault ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError, writer =>
            {
                writer.WriteStartElement("soap", "Fault", Soap12Namespace);
                writer.WriteStartElement("Code", Soap12Namespace);
                writer.WriteElementString("Value", Soap12Namespace, fault.ClientFault ? "soap:Sender" : "soap:Receiver");
                writer.WriteEndElement();
                writer.WriteStartElement("Reason", Soap12Namespace);
                writer.WriteStartElement("Text", Soap12Namespace);
                writer.WriteAttributeString("xml", "lang", null, "en");
                writer.WriteString(fault.Message);
                writer.WriteEndElement();
                writer.WriteEndElement();
                writer.WriteStartElement("Detail", Soap12Namespace);
                WriteCrmFault(writer, fault);
                writer.WriteEndElement();
                writer.WriteEndElement();
            });
        }
        return WriteEnvelopeAsync(context, StatusCodes.Status500InternalServerError, writer =>
        {
            writer.WriteStartElement("soap", "Fault", SoapNamespace);
            // faultcode is a QName in the envelope's namespace; the unqualified child elements carry no namespace.
            writer.WriteElementString("faultcode", fault.ClientFault ? "soap:Client" : "soap:Server");
            writer.WriteElementString("faultstring", fault.Message);
            writer.WriteStartElement("detail");
            WriteCrmFault(writer, fault);
            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    /// <summary>The CRM's own code and message, inside the fault's detail in either version.</summary>
    private static void WriteCrmFault(XmlWriter writer, SoapFaultException fault)
    {
        writer.WriteStartElement("CrmFault", Namespace);
        writer.WriteElementString("Code", Namespace, fault.Code);
        writer.WriteElementString("Message", Namespace, fault.Message);
        writer.WriteEndElement();
    }

    private static bool IsSoap12(HttpRequest request) =>
        request.ContentType?.StartsWith("application/soap+xml", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task WriteEnvelopeAsync(HttpContext context, int statusCode, Action<XmlWriter> writeBody)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartDocument();
            var soap = IsSoap12(context.Request) ? Soap12Namespace : SoapNamespace;
            writer.WriteStartElement("soap", "Envelope", soap);
            writer.WriteStartElement("soap", "Body", soap);
            writeBody(writer);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = IsSoap12(context.Request) ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }

    private static string LoadWsdl()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DemoUpstreams.Crm.crm.wsdl")
            ?? throw new InvalidOperationException("The CRM WSDL resource is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
