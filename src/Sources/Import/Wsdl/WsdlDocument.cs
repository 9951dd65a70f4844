using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Gateway.Sources.Import.Wsdl;

/// <summary>
/// A WSDL 1.1 description read whole: its files (<c>wsdl:import</c>s followed), its messages, port types, bindings
/// and services by qualified name, and the schemas of its types compiled into one set (<c>xsd:import</c> and
/// <c>xsd:include</c> followed, relative locations against the file that names them). DTDs are refused.
/// </summary>
internal sealed class WsdlDocument
{
    public const string WsdlNamespace = "http://schemas.xmlsoap.org/wsdl/";
    public const string Soap11Binding = "http://schemas.xmlsoap.org/wsdl/soap/";
    public const string Soap12Binding = "http://schemas.xmlsoap.org/wsdl/soap12/";
    private const string XsdNamespace = "http://www.w3.org/2001/XMLSchema";
    private const string Wsdl20Namespace = "http://www.w3.org/ns/wsdl";
    private const int MaxFiles = 100;

    private static readonly XmlReaderSettings ReaderSettings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    private readonly HashSet<Uri> _read = [];
    private readonly List<(XElement Schema, Uri At)> _schemas = [];

    private WsdlDocument()
    {
    }

    /// <summary>The first file's <c>name</c>, or its file name.</summary>
    public string Title { get; private set; } = "";

    public XmlSchemaSet Schemas { get; } = new() { XmlResolver = new DocumentResolver() };

    public Dictionary<XmlQualifiedName, XElement> Messages { get; } = [];

    public Dictionary<XmlQualifiedName, XElement> PortTypes { get; } = [];

    public Dictionary<XmlQualifiedName, XElement> Bindings { get; } = [];

    /// <summary>
    /// Why the schemas do not compile, if they do not: reported by the first operation that needs them, so that a
    /// description whose only problem is SOAP encoding (<c>soapenc:Array</c>) says that instead.
    /// </summary>
    public List<string> SchemaErrors { get; } = [];

    /// <summary>The services, in the order the files give them.</summary>
    public List<XElement> Services { get; } = [];

    public static WsdlDocument Load(string location)
    {
        var isUrl = Uri.TryCreate(location, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
        if (!isUrl && !File.Exists(location))
        {
            throw new ImportException($"{location}: no such file");
        }
        var document = new WsdlDocument();
        var at = isUrl ? url! : new Uri(Path.GetFullPath(location));
        var root = document.Read(at, location);
        if (root.Name == XName.Get("description", Wsdl20Namespace))
        {
            throw new ImportException($"{location}: a WSDL 2.0 description; the import reads WSDL 1.1");
        }
        if (root.Name != XName.Get("definitions", WsdlNamespace))
        {
            throw new ImportException($"{location}: not a WSDL 1.1 document (its root element is {root.Name.LocalName})");
        }
        document.Title = (string?)root.Attribute("name") ?? Path.GetFileNameWithoutExtension(at.LocalPath);
        document.Visit(root, at);
        document.Compile();
        return document;
    }

    /// <summary>The qualified name an attribute's <c>prefix:local</c> value means where it is written.</summary>
    public static XmlQualifiedName QName(XElement element, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return XmlQualifiedName.Empty;
        }
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var ns = colon < 0 ? element.GetDefaultNamespace() : element.GetNamespaceOfPrefix(value[..colon]);
        return new XmlQualifiedName(value[(colon + 1)..], ns?.NamespaceName ?? "");
    }

    /// <summary>The documentation a WSDL element carries, if any.</summary>
    public static string? Documentation(XElement? element) =>
        element?.Element(XName.Get("documentation", WsdlNamespace)) is { } documentation && documentation.Value.Trim() is { Length: > 0 } text
            ? text
            : null;

    private XElement Read(Uri at, string shown)
    {
        if (_read.Count >= MaxFiles)
        {
            throw new ImportException($"{shown}: the description spans more than {MaxFiles} files");
        }
        _read.Add(at);
        try
        {
            using var stream = DocumentResolver.Open(at);
            using var reader = XmlReader.Create(stream, ReaderSettings, at.ToString());
            return XDocument.Load(reader, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace).Root ?? throw new ImportException($"{shown}: empty");
        }
        catch (XmlException ex)
        {
            throw new ImportException($"{shown}: not well-formed XML ({ex.Message})");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or UnauthorizedAccessException or TaskCanceledException)
        {
            throw new ImportException($"{shown}: cannot be read ({ex.Message})");
        }
    }

    private void Visit(XElement definitions, Uri at)
    {
        var targetNamespace = (string?)definitions.Attribute("targetNamespace") ?? "";
        foreach (var element in definitions.Elements())
        {
            if (element.Name.Namespace != WsdlNamespace)
            {
                continue;
            }
            var name = new XmlQualifiedName((string?)element.Attribute("name") ?? "", targetNamespace);
            switch (element.Name.LocalName)
            {
                case "import" when (string?)element.Attribute("location") is { Length: > 0 } location:
                    var imported = new Uri(at, location);
                    if (_read.Contains(imported))
                    {
                        break;
                    }
                    var root = Read(imported, location);
                    if (root.Name == XName.Get("schema", XsdNamespace))
                    {
                        _schemas.Add((root, imported));
                    }
                    else if (root.Name == XName.Get("definitions", WsdlNamespace))
                    {
                        Visit(root, imported);
                    }
                    else
                    {
                        throw new ImportException($"{location}: imported, but neither a WSDL 1.1 document nor a schema");
                    }
                    break;
                case "types":
                    _schemas.AddRange(element.Elements(XName.Get("schema", XsdNamespace)).Select(schema => (schema, at)));
                    break;
                case "message":
                    Messages.TryAdd(name, element);
                    break;
                case "portType":
                    PortTypes.TryAdd(name, element);
                    break;
                case "binding":
                    Bindings.TryAdd(name, element);
                    break;
                case "service":
                    Services.Add(element);
                    break;
            }
        }
    }

    private void Compile()
    {
        var errors = new List<string>();
        // Each schema is read from its own text (with its WSDL's prefixes added), under a base URI that tells it
        // apart (file#schemaN, which resolves relative locations as the file does), so an error names the line in the file.
        var starts = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        Schemas.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
            {
                errors.Add(Located(e.Exception.SourceUri, e.Exception.LineNumber, e.Exception.LinePosition, e.Message));
            }
        };
        for (var i = 0; i < _schemas.Count; i++)
        {
            var (element, at) = _schemas[i];
            var schema = new XElement(element);
            foreach (var declaration in element.AncestorsAndSelf().SelectMany(e => e.Attributes()).Where(a => a.IsNamespaceDeclaration))
            {
                if (schema.Attribute(declaration.Name) is null)
                {
                    schema.SetAttributeValue(declaration.Name, declaration.Value);
                }
            }
            var baseUri = $"{at.AbsoluteUri}#schema{i + 1}";
            starts[baseUri] = (Path.GetFileName(at.LocalPath), ((IXmlLineInfo)element).LineNumber);
            try
            {
                using var reader = XmlReader.Create(new StringReader(schema.ToString(SaveOptions.DisableFormatting)), ReaderSettings, baseUri);
                if (XmlSchema.Read(reader, null) is { } read)
                {
                    Schemas.Add(read);
                }
            }
            catch (XmlSchemaException ex)
            {
                errors.Add(Located(baseUri, ex.LineNumber, ex.LinePosition, ex.Message));
            }
        }
        if (errors.Count == 0)
        {
            try
            {
                Schemas.Compile();
            }
            catch (XmlSchemaException ex)
            {
                errors.Add(Located(ex.SourceUri, ex.LineNumber, ex.LinePosition, ex.Message));
            }
        }
        SchemaErrors.AddRange(errors.Distinct().Take(10));

        string Located(string? uri, int line, int column, string message) =>
            uri is not null && starts.TryGetValue(uri, out var start)
                ? $"{start.File}:{start.Line + line - 1}{(line == 1 ? "" : $":{column}")}: {message}"
                : $"{(uri is null ? "" : Path.GetFileName(new Uri(uri).LocalPath))}:{line}:{column}: {message}";
    }

    /// <summary>Files and http(s) documents a description names; nothing else (no other schemes).</summary>
    private sealed class DocumentResolver : XmlResolver
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

        public static Stream Open(Uri at) => at.Scheme switch
        {
            "file" => File.OpenRead(at.LocalPath),
            "http" or "https" => new MemoryStream(Http.GetByteArrayAsync(at).GetAwaiter().GetResult()),
            _ => throw new IOException($"'{at.Scheme}' locations are not read"),
        };

        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) => Open(absoluteUri);
    }
}
