using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Gateway.Sources.Import.Generated;

namespace Gateway.Sources.Import.Wsdl;

/// <summary>
/// Turns a WSDL 1.1 description into a declarative source: each operation of its SOAP 1.1 or 1.2 bindings
/// (document/literal, wrapped or bare, and rpc/literal) a query field when its name reads as a read (<see cref="ReadPrefixes"/>)
/// and a mutation otherwise; the request's elements (or rpc parts) arguments, <c>soap:header</c> parts arguments
/// sent as header blocks, the answer's element (unwrapped when it holds one) the field's type; declared faults named
/// in the field's description and in the error's <c>extensions.fault</c>. What a source cannot call (rpc/encoded,
/// a body of several parts, another endpoint) is listed as not imported.
/// </summary>
public sealed class WsdlImporter(ImportOptions options)
{
    /// <summary>Operations whose names start with one of these words are reads (query fields): <c>GetCustomer</c>, <c>findOrders</c>, <c>Search</c>.</summary>
    public static readonly string[] ReadPrefixes = ["Get", "Find", "Search", "List", "Query", "Read", "Fetch", "Lookup", "Count"];

    private WsdlDocument _document = null!;
    private XsdTypes _types = null!;
    private GeneratedSource _source = null!;
    private string _location = "";

    public Task<GeneratedSource> ImportAsync(string location, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Import(WsdlDocument.Load(location), location));
    }

    /// <summary>Whether an operation's name reads as a read: a prefix of <see cref="ReadPrefixes"/> (any case of its first letter) ending a word.</summary>
    public static bool IsRead(string operation) =>
        ReadPrefixes.Any(prefix => operation.Length >= prefix.Length
            && string.Equals(operation[..prefix.Length], prefix, StringComparison.OrdinalIgnoreCase)
            && operation[1..prefix.Length] == prefix[1..]
            && (operation.Length == prefix.Length || !char.IsLower(operation[prefix.Length])));

    private GeneratedSource Import(WsdlDocument document, string location)
    {
        _document = document;
        _location = location;
        _types = new XsdTypes(options, document.Schemas);
        _source = new GeneratedSource { Name = options.Name };
        _source.Header.Add($"{document.Title}, imported from {Path.GetFileName(location)} by 'sources import wsdl'.");
        _source.Header.Add($"Operations named {string.Join("/", ReadPrefixes)}… are query fields (answers cached by arguments for a minute: change ttl per field), the others mutations.");
        _source.Header.Add($"The endpoint is Sources:{options.Name}:BaseUrl (source.json beside this file); a declared fault is an error whose extensions.fault names it.");

        var queryNames = new NameScope();
        var mutationNames = new NameScope();
        string? endpoint = null;
        var ports = Ports();
        foreach (var port in ports)
        {
            endpoint ??= port.Address;
            foreach (var operation in port.Binding.Elements(Wsdl("operation")))
            {
                var name = (string?)operation.Attribute("name") ?? "";
                var origin = $"{name} ({port.Name}, SOAP {(port.Version == 2 ? "1.2" : "1.1")})";
                var isQuery = options.IsQuery(name, IsRead(name));
                var scope = isQuery ? queryNames : mutationNames;
                var fieldName = scope.Free(options.FieldName(GraphQLNames.Camel(name, keepValid: false)));
                try
                {
                    if (port.Address != endpoint)
                    {
                        throw new SkippedException($"served at another endpoint than the source's ({port.Address}); import it as a source of its own with --port {port.Name}");
                    }
                    var field = Operation(port, operation, name, fieldName, isQuery);
                    field.Origin = origin;
                    scope.Take(fieldName);
                    (isQuery ? _source.Queries : _source.Mutations).Add(field);
                }
                catch (SkippedException skipped)
                {
                    _source.Skipped.Add($"{origin}: {skipped.Message}");
                }
            }
        }
        if (_source.Queries.Count + _source.Mutations.Count == 0)
        {
            throw new ImportException(_source.Skipped.Count == 0
                ? $"{location}: no SOAP operations to import (the description has no SOAP 1.1 or 1.2 binding)"
                : $"{location}: none of its operations can be imported:\n  " + string.Join("\n  ", _source.Skipped));
        }
        _source.BaseUrl = endpoint is { Length: > 0 } && Uri.TryCreate(endpoint, UriKind.Absolute, out _) ? endpoint : null;
        _types.Finish();
        _source.Types.AddRange(_types.Types);
        return _source;
    }

    /// <summary>A message part: its name, and the global element or the type it names.</summary>
    private sealed record Part(string Name, XmlSchemaElement? Element, XmlSchemaType? Type);

    /// <summary>A SOAP port: its binding, SOAP version (1 or 2) and address.</summary>
    private sealed record Port(string Name, XElement Binding, XElement PortType, int Version, string Address);

    /// <summary>
    /// The SOAP ports to import, one per port type: its SOAP 1.1 port where it has one (the wider supported), else its
    /// SOAP 1.2 port, in the order the services give them. HTTP GET/POST bindings are left out.
    /// </summary>
    private List<Port> Ports()
    {
        var ports = new List<Port>();
        foreach (var service in _document.Services)
        {
            foreach (var port in service.Elements(Wsdl("port")))
            {
                if (!_document.Bindings.TryGetValue(WsdlDocument.QName(port, (string?)port.Attribute("binding")), out var binding)
                    || !_document.PortTypes.TryGetValue(WsdlDocument.QName(binding, (string?)binding.Attribute("type")), out var portType))
                {
                    continue;
                }
                var version = binding.Element(XName.Get("binding", WsdlDocument.Soap11Binding)) is not null ? 1
                    : binding.Element(XName.Get("binding", WsdlDocument.Soap12Binding)) is not null ? 2 : 0;
                if (version == 0)
                {
                    continue;
                }
                var address = (string?)port.Element(XName.Get("address", SoapBinding(version)))?.Attribute("location") ?? "";
                var name = $"{(string?)service.Attribute("name")}.{(string?)port.Attribute("name")}";
                if (options.Port is { } chosen && chosen != name && chosen != (string?)port.Attribute("name"))
                {
                    continue;
                }
                var same = ports.FindIndex(p => p.PortType == portType);
                if (same < 0)
                {
                    ports.Add(new Port(name, binding, portType, version, address));
                }
                else if (ports[same].Version == 2 && version == 1)
                {
                    ports[same] = new Port(name, binding, portType, version, address);
                }
            }
        }
        if (ports.Count == 0 && options.Port is { } missing)
        {
            throw new ImportException($"{_location}: no SOAP port '{missing}'; its ports are "
                + string.Join(", ", _document.Services.SelectMany(service => service.Elements(Wsdl("port"))
                    .Select(port => $"{(string?)service.Attribute("name")}.{(string?)port.Attribute("name")}"))));
        }
        return ports;
    }

    private GeneratedField Operation(Port port, XElement operation, string name, string fieldName, bool isQuery)
    {
        var soapNs = SoapBinding(port.Version);
        var abstractOperation = port.PortType.Elements(Wsdl("operation")).FirstOrDefault(o => (string?)o.Attribute("name") == name)
            ?? throw new SkippedException("its port type does not declare it");
        var soapOperation = operation.Element(XName.Get("operation", soapNs));
        var style = (string?)soapOperation?.Attribute("style")
            ?? (string?)port.Binding.Element(XName.Get("binding", soapNs))?.Attribute("style") ?? "document";
        var inputBody = operation.Element(Wsdl("input"))?.Element(XName.Get("body", soapNs));
        var outputBody = operation.Element(Wsdl("output"))?.Element(XName.Get("body", soapNs));
        if ((string?)inputBody?.Attribute("use") == "encoded" || (string?)outputBody?.Attribute("use") == "encoded")
        {
            throw new SkippedException($"{style}/encoded (SOAP encoding, which the WS-I Basic Profile retired) is not supported");
        }
        if (_document.SchemaErrors.Count > 0)
        {
            throw new ImportException($"{_location}: its schemas do not compile:\n  " + string.Join("\n  ", _document.SchemaErrors));
        }
        var input = Message(abstractOperation.Element(Wsdl("input")));
        var output = Message(abstractOperation.Element(Wsdl("output")));
        var rpc = style == "rpc";
        var variable = isQuery ? "$key" : "$args";
        var arguments = new NameScope();
        var field = new GeneratedField
        {
            Name = fieldName,
            Type = "Boolean",
            Description = WsdlDocument.Documentation(abstractOperation) ?? WsdlDocument.Documentation(operation),
        };
        var keyMembers = new List<string>();
        var bodyMembers = new List<string>();
        string? body = null;
        string requestName;
        string requestNamespace;

        // The request: the wrapper element (document style: the body part's element; rpc: the operation, in the body's namespace).
        var headerParts = Headers(operation.Element(Wsdl("input")), soapNs);
        var bodyParts = BodyParts(input, inputBody, headerParts);
        if (rpc)
        {
            requestName = name;
            requestNamespace = (string?)inputBody?.Attribute("namespace") ?? TargetNamespace(port.PortType);
            foreach (var part in bodyParts)
            {
                var (partName, element, type) = part;
                var argumentName = arguments.Take(GraphQLNames.Camel(partName, keepValid: false));
                string argumentType;
                string member;
                if (element is not null)
                {
                    argumentType = _types.TypeOf(element.ElementSchemaType, Pascal(fieldName) + GraphQLNames.Pascal(partName, keepValid: false), input: true, element.QualifiedName.Namespace);
                    member = "{" + element.QualifiedName.Namespace + "}" + element.QualifiedName.Name;
                }
                else
                {
                    argumentType = _types.TypeOf(type, Pascal(fieldName) + GraphQLNames.Pascal(partName, keepValid: false), input: true, "");
                    member = "{}" + partName;
                }
                AddArgument(argumentName, argumentType + "!", null, member);
            }
        }
        else
        {
            if (bodyParts.Count > 1)
            {
                throw new SkippedException($"its request body has {bodyParts.Count} parts; a source sends one element");
            }
            var request = bodyParts.Count == 0 ? null
                : bodyParts[0].Element ?? throw new SkippedException("its document-style request part has a type, not an element");
            // No part is an empty Body (the service tells the operation by its SOAPAction).
            requestName = request?.QualifiedName.Name ?? "";
            requestNamespace = request?.QualifiedName.Namespace ?? TargetNamespace(port.PortType);
            var wrapper = Pascal(fieldName);
            // No part (an empty Body) and an element without content (<GetVersion/>) take no arguments.
            if (request is not null && !IsEmpty(request.ElementSchemaType))
            {
                if (request.ElementSchemaType is XmlSchemaComplexType complex && Unwrappable(complex) is { } children)
                {
                    foreach (var child in children)
                    {
                        var local = child.Element.QualifiedName.Name;
                        var argumentName = arguments.Take(GraphQLNames.Camel(local, keepValid: false));
                        var member = Relative(child.Element.QualifiedName, requestNamespace);
                        // An array wrapper (<Ids><Id/><Id/></Ids>) is the list itself as an argument.
                        if (!child.Repeated && child.Element.ElementSchemaType is XmlSchemaComplexType inner && ArrayItem(inner) is { } item)
                        {
                            var itemMember = Relative(item.Element.QualifiedName, child.Element.QualifiedName.Namespace);
                            var listType = _types.FieldType(item with { Optional = item.Optional || child.Optional }, wrapper + GraphQLNames.Pascal(local, keepValid: false), input: true);
                            AddArgument(argumentName, listType, XsdTypes.Documentation(child.Element), member, $"{{ {SourceFileWriter.Member(itemMember)}: {variable}.{argumentName} }}");
                            continue;
                        }
                        AddArgument(argumentName, _types.FieldType(child, wrapper, input: true), XsdTypes.Documentation(child.Element), member);
                    }
                }
                else
                {
                    var argumentName = arguments.Take("input");
                    var type = _types.TypeOf(request.ElementSchemaType, wrapper + "Request", input: true, requestNamespace);
                    AddArgument(argumentName, type + "!", XsdTypes.Documentation(request), null);
                    body = $"{variable}.{argumentName}";
                }
            }
        }

        // Header blocks the request carries: arguments of their own, sent in the SOAP Header.
        var headerMembers = new List<string>();
        foreach (var (partName, element, _) in headerParts)
        {
            if (element is null)
            {
                throw new SkippedException($"its header part '{partName}' has a type, not an element");
            }
            var argumentName = arguments.Take(GraphQLNames.Camel(element.QualifiedName.Name, keepValid: false));
            var type = _types.TypeOf(element.ElementSchemaType, Pascal(fieldName) + GraphQLNames.Pascal(element.QualifiedName.Name, keepValid: false) + "Header", input: true, element.QualifiedName.Namespace);
            field.Arguments.Add(new GeneratedField { Name = argumentName, Type = type, Description = $"Sent as the SOAP header block {element.QualifiedName.Name}." });
            keyMembers.Add($"{argumentName}: $args.{argumentName}");
            headerMembers.Add($"{SourceFileWriter.Member("{" + element.QualifiedName.Namespace + "}" + element.QualifiedName.Name)}: {variable}.{argumentName}");
        }

        // The answer: the one element the wrapper holds, or the wrapper itself.
        string? select = null;
        var outputParts = BodyParts(output, outputBody, Headers(operation.Element(Wsdl("output")), soapNs));
        if (abstractOperation.Element(Wsdl("output")) is null || outputParts.Count == 0)
        {
            if (isQuery)
            {
                throw new SkippedException("it answers nothing (one-way, or an empty answer); name it with --mutation to import it");
            }
            select = "true";
        }
        else if (rpc)
        {
            if (outputParts.Count == 1)
            {
                var (partName, element, type) = outputParts[0];
                field.Type = element is not null
                    ? _types.TypeOf(element.ElementSchemaType, Pascal(fieldName) + "Result", input: false, element.QualifiedName.Namespace)
                    : _types.TypeOf(type, Pascal(fieldName) + "Result", input: false, "");
                select = Selectable(element?.QualifiedName.Name ?? partName) ?? throw new SkippedException($"its answer part '{partName}' is not a name an expression can read");
            }
            else
            {
                field.Type = ResultType(fieldName, outputParts);
            }
        }
        else
        {
            if (outputParts.Count > 1)
            {
                throw new SkippedException($"its answer body has {outputParts.Count} parts; a source reads one element");
            }
            var answer = outputParts[0].Element ?? throw new SkippedException("its document-style answer part has a type, not an element");
            if (answer.ElementSchemaType is XmlSchemaComplexType complex && Unwrappable(complex) is [var only]
                && Selectable(only.Element.QualifiedName.Name) is { } member)
            {
                // The one element of the answer, and the items of an array wrapper (<Result><Item/><Item/></Result>) as the list.
                if (!only.Repeated && only.Element.ElementSchemaType is XmlSchemaComplexType inner && ArrayItem(inner) is { } item
                    && Selectable(item.Element.QualifiedName.Name) is { } itemMember)
                {
                    field.Type = _types.FieldType(item, Pascal(fieldName) + "Result", input: false);
                    select = member + "." + itemMember;
                }
                else
                {
                    field.Type = _types.FieldType(only with { Optional = true }, Pascal(fieldName) + "Result", input: false);
                    select = member;
                }
            }
            else if (IsEmpty(answer.ElementSchemaType))
            {
                select = "true";
            }
            else
            {
                field.Type = _types.TypeOf(answer.ElementSchemaType, _types.Prefixed(GraphQLNames.Pascal(answer.QualifiedName.Name, keepValid: false)), input: false, answer.QualifiedName.Namespace);
            }
        }

        var faults = abstractOperation.Elements(Wsdl("fault"))
            .Select(f => BodyParts(Message(f), null, []).FirstOrDefault()?.Element?.QualifiedName.Name ?? (string?)f.Attribute("name"))
            .Where(f => f is { Length: > 0 }).Distinct().ToList();
        if (faults.Count > 0)
        {
            field.Description = XsdTypes.Join(field.Description,
                $"Faults: {string.Join(", ", faults)} (the error's extensions.fault; extensions.faultCode holds the service's code).");
        }

        field.Connect.Add(("soap", requestName));
        field.Connect.Add(("namespace", requestNamespace));
        field.Connect.Add(("soapAction", (string?)soapOperation?.Attribute("soapAction") ?? ""));
        if (port.Version == 2)
        {
            field.Connect.Add(("soapVersion", "1.2"));
        }
        if (headerMembers.Count > 0)
        {
            field.Connect.Add(("soapHeader", "{ " + string.Join(", ", headerMembers) + " }"));
        }
        if (isQuery)
        {
            field.Connect.Add(("retrySafe", true));
            field.Connect.Add(("key", keyMembers.Count == 0 ? "{}" : "{ " + string.Join(", ", keyMembers) + " }"));
        }
        if (body is not null || bodyMembers.Count > 0)
        {
            field.Connect.Add(("body", body ?? "{ " + string.Join(", ", bodyMembers) + " }"));
        }
        if (select is not null)
        {
            field.Connect.Add(("select", select));
        }
        if (isQuery)
        {
            field.Connect.Add(("entity", fieldName));
        }
        return field;

        void AddArgument(string argumentName, string type, string? description, string? member, string? value = null)
        {
            field.Arguments.Add(new GeneratedField { Name = argumentName, Type = type, Description = description });
            keyMembers.Add($"{argumentName}: $args.{argumentName}");
            if (member is not null)
            {
                bodyMembers.Add($"{SourceFileWriter.Member(member)}: {value ?? variable + "." + argumentName}");
            }
        }
    }

    /// <summary>An rpc answer of several parts: a type with a field per part.</summary>
    private string ResultType(string fieldName, List<Part> parts)
    {
        var result = new GeneratedType { Kind = GeneratedKind.Object, Name = _types.Prefixed(Pascal(fieldName) + "Result") };
        var names = new NameScope();
        foreach (var (partName, element, type) in parts)
        {
            var local = element?.QualifiedName.Name ?? partName;
            var name = names.Take(GraphQLNames.Camel(local, keepValid: false));
            result.Fields.Add(new GeneratedField
            {
                Name = name,
                Type = element is not null
                    ? _types.TypeOf(element.ElementSchemaType, result.Name + GraphQLNames.Pascal(local, keepValid: false), input: false, element.QualifiedName.Namespace)
                    : _types.TypeOf(type, result.Name + GraphQLNames.Pascal(local, keepValid: false), input: false, ""),
                Upstream = name == local ? null : local,
            });
        }
        _source.Types.Add(result);
        return result.Name;
    }

    /// <summary>The elements of a wrapper whose content is only a sequence of elements (no attributes, choices or xs:any); null otherwise.</summary>
    private List<XsdTypes.Child>? Unwrappable(XmlSchemaComplexType complex)
    {
        if (complex.AttributeUses.Count > 0 || complex.ContentType is not (XmlSchemaContentType.ElementOnly or XmlSchemaContentType.Empty))
        {
            return null;
        }
        var content = _types.ContentOf(complex);
        return content.Any || content.Elements.Any(e => e.InChoice) || content.Elements.Count == 0 ? null : content.Elements;
    }

    /// <summary>The item of an array wrapper: a type whose only content is one repeated element (<c>ArrayOfString</c>, <c>&lt;Ids&gt;&lt;Id/&gt;…</c>).</summary>
    private XsdTypes.Child? ArrayItem(XmlSchemaComplexType complex) =>
        Unwrappable(complex) is [{ Repeated: true } item] ? item : null;

    private static bool IsEmpty(XmlSchemaType? type) =>
        type is XmlSchemaComplexType { ContentType: XmlSchemaContentType.Empty, AttributeUses.Count: 0 };

    /// <summary>An element's name as a member of an element in <paramref name="parentNamespace"/>: bare in the same namespace, else in Clark notation.</summary>
    private static string Relative(XmlQualifiedName name, string parentNamespace) =>
        name.Namespace == parentNamespace ? name.Name : "{" + name.Namespace + "}" + name.Name;

    /// <summary>A member name an expression reads bare, or null.</summary>
    private static string? Selectable(string name) => GraphQLNames.IsValid(name) ? name : null;

    /// <summary>The parts of a message: name, and the global element or the type each names.</summary>
    private List<Part> Parts(XElement? message)
    {
        var parts = new List<Part>();
        foreach (var part in message?.Elements(Wsdl("part")) ?? [])
        {
            var partName = (string?)part.Attribute("name") ?? "";
            if ((string?)part.Attribute("element") is { } elementName)
            {
                var qualified = WsdlDocument.QName(part, elementName);
                var element = _document.Schemas.GlobalElements[qualified] as XmlSchemaElement
                    ?? throw new SkippedException($"its part '{partName}' names element {qualified}, which its schemas do not declare");
                parts.Add(new Part(partName, element, null));
            }
            else if ((string?)part.Attribute("type") is { } typeName)
            {
                var qualified = WsdlDocument.QName(part, typeName);
                var type = _document.Schemas.GlobalTypes[qualified] as XmlSchemaType ?? XmlSchemaType.GetBuiltInSimpleType(qualified) as XmlSchemaType
                    ?? XmlSchemaType.GetBuiltInComplexType(qualified)
                    ?? throw new SkippedException($"its part '{partName}' has type {qualified}, which its schemas do not declare");
                parts.Add(new Part(partName, null, type));
            }
        }
        return parts;
    }

    /// <summary>The parts that go in the Body: those <c>soap:body parts=</c> lists, or all but the header parts.</summary>
    private List<Part> BodyParts(XElement? message, XElement? soapBody,
        List<Part> headers)
    {
        var parts = Parts(message);
        if ((string?)soapBody?.Attribute("parts") is { } listed)
        {
            var names = listed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Where(p => names.Contains(p.Name)).ToList();
        }
        return parts.Where(p => !headers.Any(h => h.Name == p.Name && h.Element == p.Element && h.Type == p.Type)).ToList();
    }

    /// <summary>The <c>soap:header</c> parts of a binding's input or output.</summary>
    private List<Part> Headers(XElement? bindingMessage, string soapNs)
    {
        var headers = new List<Part>();
        foreach (var header in bindingMessage?.Elements(XName.Get("header", soapNs)) ?? [])
        {
            if ((string?)header.Attribute("use") == "encoded")
            {
                throw new SkippedException("a SOAP-encoded header is not supported");
            }
            var message = _document.Messages.GetValueOrDefault(WsdlDocument.QName(header, (string?)header.Attribute("message")));
            var partName = (string?)header.Attribute("part");
            headers.AddRange(Parts(message).Where(p => p.Name == partName));
        }
        return headers;
    }

    private XElement? Message(XElement? reference) =>
        reference is null ? null : _document.Messages.GetValueOrDefault(WsdlDocument.QName(reference, (string?)reference.Attribute("message")))
            ?? throw new SkippedException($"its message {(string?)reference.Attribute("message")} is not declared");

    private static string TargetNamespace(XElement element) =>
        (string?)element.AncestorsAndSelf().Last().Attribute("targetNamespace") ?? "";

    private static XName Wsdl(string local) => XName.Get(local, WsdlDocument.WsdlNamespace);

    private static string SoapBinding(int version) => version == 2 ? WsdlDocument.Soap12Binding : WsdlDocument.Soap11Binding;

    private static string Pascal(string camel) => camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel[1..];
}
