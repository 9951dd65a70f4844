using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Gateway.Sources.Import;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Import;

/// <summary>
/// Every WSDL of <c>Import/Corpus/wsdl</c> (real and sample services; SOURCES.md there names each one's origin and
/// licence) imported into one sources folder and served by one gateway, each source's endpoint a loopback SOAP stub.
/// The stub checks every request it is sent against the description's own schemas (System.Xml's validator, not the
/// import's code) and answers with payloads that are themselves checked against them, so a request the real service
/// would refuse fails the test. The three rpc/encoded descriptions are refused with the reason. Beside the corpus,
/// <c>Import/Documents/wsdl-attributes</c> (written for these tests) has what no corpus document has: attributes
/// declared in a type, and simple content with an attribute.
/// </summary>
public sealed class WsdlCorpusFixture : GatewayFixture
{
    public static readonly string[] Encoded = ["axis1-addressbook", "nlm-chemspell-axis", "noaa-ndfd"];

    private static readonly Dictionary<string, string> Entries = new(StringComparer.Ordinal)
    {
        ["cxf-wsdl-import-chain"] = "hello_world_services.wsdl",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("wsdl-corpus-").FullName;
    private readonly Dictionary<string, XmlSchemaSet> _schemas = new(StringComparer.Ordinal);
    private WebApplication? _stub;
    private string _stubAddress = "";

    public static string Corpus => Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", "wsdl");

    public string Folder => Path.Combine(_folder, "sources");

    public List<(string Document, string Source)> Imported { get; } = [];

    public Dictionary<string, string> Refused { get; } = new(StringComparer.Ordinal);

    /// <summary>The requests each source's stub was sent, with what the schemas found wrong in each.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<StubRequest>> Requests { get; } = new(StringComparer.Ordinal);

    public sealed record StubRequest(XDocument Envelope, string? ContentType, string? SoapAction, List<string> Problems);

    public static string Own => Path.Combine(AppContext.BaseDirectory, "Import", "Documents");

    public static IEnumerable<string> Documents() =>
        Directory.GetDirectories(Corpus).Concat(Directory.GetDirectories(Own, "wsdl-*")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static string FolderOf(string document) => Path.Combine(document.StartsWith("wsdl-", StringComparison.Ordinal) ? Own : Corpus, document);

    public static string EntryOf(string document) =>
        Path.Combine(FolderOf(document), Entries.GetValueOrDefault(document) ?? Directory.GetFiles(FolderOf(document), "*.wsdl").Single());

    public static string SourceName(string document) => document.Replace("-", "", StringComparison.Ordinal);

    public static string Prefix(string document) => string.Concat(document.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>(base.Settings) { ["Gateway:SourcesPath"] = Folder };
            foreach (var (_, source) in Imported)
            {
                settings[$"Sources:{source}:BaseUrl"] = $"{_stubAddress}{source}";
            }
            return settings;
        }
    }

    protected override async Task BeforeStartAsync()
    {
        foreach (var document in Documents())
        {
            var error = new StringWriter();
            var exit = await SourcesCommand.RunAsync(
                ["sources", "import", "wsdl", EntryOf(document), "--name", SourceName(document), "--prefix", Prefix(document), "--out", Folder],
                TextWriter.Null, error);
            if (exit != 0)
            {
                Refused[document] = error.ToString();
                continue;
            }
            Imported.Add((document, SourceName(document)));
            _schemas[SourceName(document)] = SchemasOf(FolderOf(document));
        }
        foreach (var ((source, _), answer) in WsdlCorpusAnswers.All)
        {
            if (answer(XElement.Parse("<none/>")) is { Status: 200 } ok)
            {
                var problems = Validate(_schemas[source], XElement.Parse(ok.Payload));
                Assert.True(problems.Count == 0, $"{source}'s answer does not fit its schemas: {string.Join("; ", problems)}");
            }
        }
        (_stub, _stubAddress) = await LoopbackStub.StartAsync(stub => stub.MapPost("/{source}", AnswerAsync));
    }

    private async Task AnswerAsync(string source, HttpContext context)
    {
        var envelope = await XDocument.LoadAsync(context.Request.Body, LoadOptions.None, context.RequestAborted);
        var ns = envelope.Root!.Name.Namespace;
        var payload = envelope.Root.Element(ns + "Body")?.Elements().FirstOrDefault();
        var headers = envelope.Root.Element(ns + "Header")?.Elements().ToList() ?? [];
        var contentType = context.Request.ContentType;
        var action = context.Request.Headers["SOAPAction"].FirstOrDefault()?.Trim('"')
            ?? contentType?.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("action=", StringComparison.Ordinal))?[7..].Trim('"');
        var problems = new List<string>();
        // An rpc request's wrapper is the operation, not a schema element: its parts are checked by the tests.
        if (payload is not null && _schemas[source].GlobalElements.Contains(new XmlQualifiedName(payload.Name.LocalName, payload.Name.NamespaceName)))
        {
            problems.AddRange(Validate(_schemas[source], payload));
        }
        foreach (var header in headers)
        {
            problems.AddRange(Validate(_schemas[source], header).Select(p => "header: " + p));
        }
        Requests.GetOrAdd(source, _ => new()).Enqueue(new StubRequest(envelope, contentType, action, problems));

        var operation = payload?.Name.LocalName ?? action ?? "";
        if (!WsdlCorpusAnswers.All.TryGetValue((source, operation), out var answer))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var (status, body) = answer(payload ?? new XElement("empty"));
        context.Response.StatusCode = status;
        if (status == 202)
        {
            return;
        }
        context.Response.ContentType = ns.NamespaceName == "http://www.w3.org/2003/05/soap-envelope" ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
        await context.Response.WriteAsync($"<soap:Envelope xmlns:soap=\"{ns.NamespaceName}\"><soap:Body>{body}</soap:Body></soap:Envelope>", Encoding.UTF8);
    }

    /// <summary>The schemas of a description's WSDL files (their imports and includes followed by System.Xml itself).</summary>
    private static XmlSchemaSet SchemasOf(string folder)
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        foreach (var file in Directory.GetFiles(folder).Where(f => !f.EndsWith(".xsd", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal)))
        {
            foreach (var schema in XDocument.Load(file).Descendants(XName.Get("schema", "http://www.w3.org/2001/XMLSchema")))
            {
                var copy = new XElement(schema);
                foreach (var declaration in schema.AncestorsAndSelf().SelectMany(e => e.Attributes()).Where(a => a.IsNamespaceDeclaration))
                {
                    if (copy.Attribute(declaration.Name) is null)
                    {
                        copy.SetAttributeValue(declaration.Name, declaration.Value);
                    }
                }
                using var reader = XmlReader.Create(new StringReader(copy.ToString()), null, new Uri(file).AbsoluteUri);
                set.Add(XmlSchema.Read(reader, null)!);
            }
        }
        set.Compile();
        return set;
    }

    private static List<string> Validate(XmlSchemaSet schemas, XElement element)
    {
        var problems = new List<string>();
        new XDocument(new XElement(element)).Validate(schemas, (_, e) => problems.Add(e.Message));
        return problems;
    }

    protected override async Task AfterStopAsync()
    {
        if (_stub is not null)
        {
            await _stub.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>What each stand-in service answers, by source and request element (or SOAPAction for an empty Body): a status and the Body's content.</summary>
internal static class WsdlCorpusAnswers
{
    private static (int, string) Ok(string payload) => (200, payload);

    public static readonly Dictionary<(string Source, string Operation), Func<XElement, (int Status, string Payload)>> All = new()
    {
        [("asmxaddnumbersdocs", "AddNumbers")] = _ =>
            Ok("""<AddNumbersResponse xmlns="http://tempuri.org/"><AddNumbersResult>42</AddNumbersResult></AddNumbersResponse>"""),
        [("asmxgooglebulkauthorization", "Authorize")] = _ => Ok("""
            <AuthorizeResponse xmlns="gsbulkauthorization.generated.sharepoint.connector.enterprise.google.com"><authDataPacketArray><AuthDataPacket>
              <AuthDataArray><AuthData><ItemId>doc-1</ItemId><IsAllowed>true</IsAllowed><IsDone>true</IsDone><Type>LISTITEM</Type></AuthData></AuthDataArray>
              <IsDone>true</IsDone></AuthDataPacket></authDataPacketArray></AuthorizeResponse>
            """),
        [("asmxmathservicedocs", "Add")] = _ => Ok("""<AddResponse xmlns="http://tempuri.org/"><AddResult>3.75</AddResult></AddResponse>"""),
        [("axis1choice", "Record1")] = _ => Ok("""
            <Record2 xmlns="http://tempuri.org/"><elem><fault2><description>d</description><command>c</command><attribute>x</attribute></fault2></elem></Record2>
            """),
        [("axis2version", "urn:getVersion")] = _ =>
            Ok("""<ns:getVersionResponse xmlns:ns="http://axisversion.sample/xsd"><return>Hello I am Axis2 version service , My version is 1.5</return></ns:getVersionResponse>"""),
        [("cxfany", "sayHi")] = _ => Ok("""<sayHiResponse xmlns="http://apache.org/hello_world_soap_http/any_types"><responseType>hi any</responseType></sayHiResponse>"""),
        [("cxfany", "sayHi1")] = payload => Ok($"""
            <sayHiResponse xmlns="http://apache.org/hello_world_soap_http/any_types"><responseType>hi {string.Join(" ", payload.Descendants().Where(e => e.Name.LocalName == "requestType").Select(e => e.Value))}</responseType></sayHiResponse>
            """),
        [("cxfhellosoap12", "sayHi")] = _ => Ok("""<sayHiResponse xmlns="http://apache.org/hello_world_soap12_http/types"><responseType>Bonjour</responseType></sayHiResponse>"""),
        [("cxfhellosoap12", "pingMe")] = _ => (500, """
            <soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">PingMeFault raised by server</soap:Text></soap:Reason>
            <soap:Detail><faultDetail xmlns="http://apache.org/hello_world_soap12_http/types"><minor>1</minor><major>2</major></faultDetail></soap:Detail></soap:Fault>
            """),
        [("cxfrpclitheader", "testHeader1")] = _ => Ok("""<ns:testHeader1Response xmlns:ns="http://apache.org/header_test"><out>pong</out></ns:testHeader1Response>"""),
        [("cxfsoapheader", "inHeader")] = _ => Ok("""<inHeaderResponse xmlns="http://apache.org/headers"><responseType xmlns="">ok</responseType></inHeaderResponse>"""),
        [("cxfwsdlfirst", "getCustomersByName")] = payload => payload.Value == "Nobody"
            ? (500, """
                <soap:Fault><faultcode>soap:Client</faultcode><faultstring>Did not find any matching customer for name=Nobody</faultstring>
                <detail><ns2:NoSuchCustomer xmlns:ns2="http://customerservice.example.com/"><customerName>Nobody</customerName></ns2:NoSuchCustomer></detail></soap:Fault>
                """)
            : Ok("""
                <ns2:getCustomersByNameResponse xmlns:ns2="http://customerservice.example.com/"><return><customerId>1</customerId><name>Smith</name>
                <address>Pine Street 1</address><revenue>10000.5</revenue><birthDate>1970-01-02</birthDate><type>BUSINESS</type></return></ns2:getCustomersByNameResponse>
                """),
        [("cxfwsdlfirst", "updateCustomer")] = _ => (202, ""),
        [("cxfwsdlimportchain", "greetMe")] = payload =>
            Ok($"""<greetMeResponse xmlns="http://apache.org/hello_world/types"><responseType>Hello {payload.Value}</responseType></greetMeResponse>"""),
        [("soapcoresampleservice", "PingComplexModel")] = _ => Ok("""
            <PingComplexModelResponse xmlns="http://tempuri.org/"><PingComplexModelResult><FloatProperty>1.5</FloatProperty><StringProperty>s</StringProperty>
              <ListProperty><string xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays">a</string></ListProperty>
              <DateTimeOffsetProperty><DateTime xmlns="http://schemas.datacontract.org/2004/07/System">2026-01-02T03:04:05Z</DateTime>
              <OffsetMinutes xmlns="http://schemas.datacontract.org/2004/07/System">60</OffsetMinutes></DateTimeOffsetProperty></PingComplexModelResult></PingComplexModelResponse>
            """),
        [("springwsordersoap1112", "GetOrderRequest")] = _ =>
            Ok("""<GetOrderResponse xmlns="http://www.springframework.org/spring-ws/single/schema"><child>order-1</child></GetOrderResponse>"""),
        [("w3cechoinclude", "echoInclude")] = payload =>
            Ok($"""<echoInclude xmlns="http://www.w3.org/2002/ws/databinding/examples/6/09/"><include>{payload.Value}</include></echoInclude>"""),
        [("wsdlattributes", "FindItems")] = _ => Ok("""
            <FindItemsResponse xmlns="urn:test:catalog"><Item sku="T-1" discontinued="false"><Name>Tea</Name><Price currency="EUR">12.50</Price><Code>0042</Code></Item>
            <Item sku="C-2"><Name>Coffee</Name><Price currency="EUR">9.99</Price></Item></FindItemsResponse>
            """),
        [("wcfreservedkeyword", "GetDataUsingDataContract3")] = _ =>
            Ok("""<GetDataUsingDataContract3Response xmlns="http://tempuri.org/"><GetDataUsingDataContract3Result>e2</GetDataUsingDataContract3Result></GetDataUsingDataContract3Response>"""),
    };
}

public sealed class WsdlCorpusTests(WsdlCorpusFixture fixture) : IClassFixture<WsdlCorpusFixture>
{
    /// <summary>A query of each importable description, and what the gateway answers through the stub.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "asmxaddnumbersdocs", "mutation { asmxAddnumbersDocsAddNumbers(firstNumber: 2, secondNumber: 40) }", """{"asmxAddnumbersDocsAddNumbers":42}""" },
        {
            "asmxgooglebulkauthorization",
            """mutation { asmxGoogleBulkauthorizationAuthorize(username: "ann", authDataPacketArray: [{ isDone: false, authDataArray: { authData: [{ itemId: "doc-1", isAllowed: false, isDone: false, type: LISTITEM }] } }]) { isDone authDataArray { authData { itemId isAllowed type } } } }""",
            """{"asmxGoogleBulkauthorizationAuthorize":[{"isDone":true,"authDataArray":{"authData":[{"itemId":"doc-1","isAllowed":true,"type":"LISTITEM"}]}}]}"""
        },
        { "asmxmathservicedocs", "mutation { asmxMathserviceDocsAdd(a: 1.5, b: 2.25) }", """{"asmxMathserviceDocsAdd":3.75}""" },
        {
            "axis1choice",
            """{ axis1ChoiceGet(elem: { fault2: { description: "d", command: "c", attribute: "x" } }) { fault2 { description command attribute } fault1 { command } } }""",
            """{"axis1ChoiceGet":{"fault2":{"description":"d","command":"c","attribute":"x"},"fault1":null}}"""
        },
        { "axis2version", "{ axis2VersionGetVersion }", """{"axis2VersionGetVersion":"Hello I am Axis2 version service , My version is 1.5"}""" },
        { "cxfany", """mutation { cxfAnySayHi1(port: [{ requestType: "a" }, { requestType: "b" }]) }""", """{"cxfAnySayHi1":"hi a b"}""" },
        { "cxfhellosoap12", "mutation { cxfHelloSoap12SayHi }", """{"cxfHelloSoap12SayHi":"Bonjour"}""" },
        { "cxfrpclitheader", """mutation { cxfRpclitHeaderTestHeader1(in: "ping", headerMessage: { headerVal: "token-1" }) }""", """{"cxfRpclitHeaderTestHeader1":"pong"}""" },
        { "cxfsoapheader", """mutation { cxfSoapHeaderInHeader(requestType: "r", soapHeaderInfo: { originator: "o", message: "m" }) }""", """{"cxfSoapHeaderInHeader":"ok"}""" },
        {
            "cxfwsdlfirst",
            """{ cxfWsdlFirstGetCustomersByName(name: "Smith") { customerId name address revenue birthDate type numOrders } }""",
            """{"cxfWsdlFirstGetCustomersByName":[{"customerId":1,"name":"Smith","address":["Pine Street 1"],"revenue":10000.5,"birthDate":"1970-01-02","type":"BUSINESS","numOrders":null}]}"""
        },
        { "cxfwsdlimportchain", """mutation { cxfWsdlImportChainGreetMe(requestType: "Ann") }""", """{"cxfWsdlImportChainGreetMe":"Hello Ann"}""" },
        {
            "soapcoresampleservice",
            """mutation { soapcoreSampleservicePingComplexModel(inputModel: { stringProperty: "s", intProperty: 3, listProperty: { string: ["a", "b"] }, dateTimeOffsetProperty: { dateTime: "2026-01-02T03:04:05Z", offsetMinutes: 60 }, complexListProperty: { complexObject: [{ intProperty: 1 }] } }) { floatProperty stringProperty listProperty { string } dateTimeOffsetProperty { dateTime offsetMinutes } } }""",
            """{"soapcoreSampleservicePingComplexModel":{"floatProperty":1.5,"stringProperty":"s","listProperty":{"string":["a"]},"dateTimeOffsetProperty":{"dateTime":"2026-01-02T03:04:05Z","offsetMinutes":60}}}"""
        },
        { "springwsordersoap1112", """{ springwsOrderSoap1112GetOrder(child: ["a", "b"]) }""", """{"springwsOrderSoap1112GetOrder":"order-1"}""" },
        { "w3cechoinclude", """mutation { w3cEchoIncludeEchoInclude(include: "01097") }""", """{"w3cEchoIncludeEchoInclude":"01097"}""" },
        {
            "wsdlattributes",
            """{ wsdlAttributesFindItems(filter: { lang: "de", maxPrice: { value: 20, currency: "EUR" } }) { sku discontinued name price { value currency } code } }""",
            """{"wsdlAttributesFindItems":[{"sku":"T-1","discontinued":false,"name":"Tea","price":{"value":12.50,"currency":"EUR"},"code":"0042"},{"sku":"C-2","discontinued":null,"name":"Coffee","price":{"value":9.99,"currency":"EUR"},"code":null}]}"""
        },
        { "wcfreservedkeyword", """{ wcfReservedKeywordGetDataUsingDataContract3(s: { scopeMember: "m", scopeRequiredMember: E2 }) }""", """{"wcfReservedKeywordGetDataUsingDataContract3":"E2"}""" },
    };

    [Fact]
    public void The_corpus_holds_at_least_eight_descriptions_that_import_and_refuses_the_rpc_encoded_ones_with_the_reason()
    {
        Assert.True(fixture.Imported.Count >= 8, $"{fixture.Imported.Count} imported");
        Assert.Equal(WsdlCorpusFixture.Encoded, fixture.Refused.Keys.Order(StringComparer.Ordinal));
        Assert.All(fixture.Refused.Values, error => Assert.Contains("rpc/encoded (SOAP encoding", error, StringComparison.Ordinal));
        // Every importable description has a case below, so each is called through its generated source.
        Assert.Equal(fixture.Imported.Select(i => i.Source).Order(StringComparer.Ordinal), Cases.Select(c => (string)c[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_imported_description_answers_through_its_stub_with_requests_its_schemas_accept(string source, string query, string expected)
    {
        var before = fixture.Requests.GetValueOrDefault(source)?.Count ?? 0;

        var response = await fixture.Client.GraphQLAsync(query);

        Assert.False(response.HasErrors, response.Body.GetRawText());
        Assert.Equal(expected, response.Data.GetRawText());
        var request = Assert.Single(fixture.Requests[source].Skip(before));
        Assert.True(request.Problems.Count == 0, string.Join("\n", request.Problems) + "\n" + request.Envelope);
    }

    [Fact]
    public async Task An_rpc_literal_call_sends_its_parts_unqualified_inside_the_operation_and_its_header_block()
    {
        await fixture.Client.GraphQLAsync("""mutation { cxfRpclitHeaderTestHeader1(in: "ping", headerMessage: { headerVal: "token-2" }) }""");

        var envelope = fixture.Requests["cxfrpclitheader"].Last().Envelope.Root!;
        var soap = envelope.Name.Namespace;
        var wrapper = Assert.Single(envelope.Element(soap + "Body")!.Elements());
        Assert.Equal(XName.Get("testHeader1", "http://apache.org/header_test"), wrapper.Name);
        Assert.Equal(XName.Get("in", ""), Assert.Single(wrapper.Elements()).Name);
        var header = Assert.Single(envelope.Element(soap + "Header")!.Elements());
        Assert.Equal(XName.Get("headerMessage", "http://apache.org/header_test/rpc/types"), header.Name);
        Assert.Equal("token-2", header.Value);
    }

    [Fact]
    public async Task A_soap_1_2_binding_is_called_with_its_content_type_and_action_and_its_declared_fault_is_a_typed_error()
    {
        var response = await fixture.Client.GraphQLAsync("mutation { cxfHelloSoap12PingMe }");

        var request = fixture.Requests["cxfhellosoap12"].Last();
        Assert.Equal("http://www.w3.org/2003/05/soap-envelope", request.Envelope.Root!.Name.NamespaceName);
        Assert.StartsWith("application/soap+xml", request.ContentType, StringComparison.Ordinal);
        var error = Assert.Single(response.Errors);
        var extensions = error.GetProperty("extensions");
        Assert.Equal("BAD_USER_INPUT", extensions.GetProperty("code").GetString());
        Assert.Equal("faultDetail", extensions.GetProperty("fault").GetString());
        Assert.Equal("PingMeFault raised by server", error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("cxfHelloSoap12PingMe").ValueKind);
    }

    [Fact]
    public async Task A_declared_fault_of_a_query_names_the_fault_and_a_one_way_operation_is_true_once_accepted()
    {
        var response = await fixture.Client.GraphQLAsync("""
            { cxfWsdlFirstGetCustomersByName(name: "Nobody") { name } }
            """);
        var accepted = await fixture.Client.GraphQLAsync("""
            mutation { cxfWsdlFirstUpdateCustomer(customer: { customerId: 2, revenue: 1.25, address: ["A", "B"], type: PRIVATE }) }
            """);

        var extensions = Assert.Single(response.Errors).GetProperty("extensions");
        Assert.Equal("NoSuchCustomer", extensions.GetProperty("fault").GetString());
        Assert.Equal("cxfwsdlfirst", extensions.GetProperty("source").GetString());
        Assert.False(accepted.HasErrors, accepted.Body.GetRawText());
        Assert.True(accepted.Data.GetProperty("cxfWsdlFirstUpdateCustomer").GetBoolean());
        var update = fixture.Requests["cxfwsdlfirst"].Last();
        Assert.Empty(update.Problems);
        Assert.Equal(["A", "B"], update.Envelope.Descendants("address").Select(a => a.Value));
    }

    [Fact]
    public async Task Attributes_and_an_elements_own_text_are_sent_as_attributes_and_text()
    {
        await fixture.Client.GraphQLAsync("""{ again: wsdlAttributesFindItems(filter: { lang: "fr", maxPrice: { value: 7.5, currency: "CHF" } }) { sku } }""");

        var filter = fixture.Requests["wsdlattributes"].Last().Envelope.Descendants(XName.Get("Filter", "urn:test:catalog")).Single();
        Assert.Equal("fr", (string?)filter.Attribute("lang"));
        var price = Assert.Single(filter.Elements());
        Assert.Equal(XName.Get("MaxPrice", "urn:test:catalog"), price.Name);
        Assert.Equal("CHF", (string?)price.Attribute("currency"));
        Assert.Equal("7.5", price.Value);
    }

    [Fact]
    public async Task An_element_of_any_schema_is_sent_from_json_in_its_own_namespace()
    {
        var response = await fixture.Client.GraphQLAsync("mutation($port: [JSON!]) { cxfAnySayHi(port: $port) }",
            new { port = new[] { new Dictionary<string, string> { ["{urn:example:note}note"] = "hello" } } });

        Assert.False(response.HasErrors, response.Body.GetRawText());
        var request = fixture.Requests["cxfany"].Last();
        Assert.Empty(request.Problems);
        Assert.Equal("hello", request.Envelope.Descendants(XName.Get("note", "urn:example:note")).Single().Value);
    }

    [Fact]
    public async Task An_operation_without_a_request_element_is_sent_as_an_empty_body_told_apart_by_its_action()
    {
        await fixture.Client.GraphQLAsync("{ again: axis2VersionGetVersion }");

        var request = fixture.Requests["axis2version"].Last();
        var soap = request.Envelope.Root!.Name.Namespace;
        Assert.Empty(request.Envelope.Root.Element(soap + "Body")!.Elements());
        Assert.Equal("urn:getVersion", request.SoapAction);
    }

    [Fact]
    public async Task The_gateway_serves_every_imported_description_and_each_adds_its_root_fields()
    {
        var response = await fixture.Client.GraphQLAsync("{ __schema { queryType { fields { name } } mutationType { fields { name } } } }");
        var fields = response.Data.GetProperty("__schema").EnumerateObject()
            .SelectMany(root => root.Value.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)).ToList();

        foreach (var (document, _) in fixture.Imported)
        {
            var prefix = char.ToLowerInvariant(WsdlCorpusFixture.Prefix(document)[0]) + WsdlCorpusFixture.Prefix(document)[1..];
            Assert.True(fields.Any(f => f.StartsWith(prefix, StringComparison.Ordinal)), $"{document}: no root field");
        }
    }
}
