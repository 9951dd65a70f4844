using System.Xml;
using System.Xml.Schema;
using Gateway.Sources.Import.Generated;

namespace Gateway.Sources.Import.Wsdl;

/// <summary>
/// Compiled XML Schema types as the types of a source file. Complex types are objects (inputs where sent), their
/// content flattened (<c>complexContent</c> extensions include their base's, a <c>choice</c>'s elements are
/// optional, <c>minOccurs</c>/<c>maxOccurs</c> give nullability and lists), attributes fields, simple content a
/// <c>value</c> field; enumerations enums; built-in types the gateway's scalars, where everything that is not a
/// number, boolean or instant stays a <c>String</c> (a postal code 01097 is text). <c>xs:anyType</c> and content
/// only <c>xs:any</c> describes are <c>JSON</c>.
/// </summary>
internal sealed class XsdTypes(ImportOptions options, XmlSchemaSet schemas)
{
    public const string JsonType = "JSON";

    /// <summary>The member a SOAP answer's element text is read from, and sent as, beside its attributes (the engine's SoapEnvelope).</summary>
    private const string TextMember = "#text";

    private readonly NameScope _typeNames = new(ImportOptions.ReservedTypeNames);
    private readonly Dictionary<(XmlSchemaType Type, bool Input), string> _named = new(new TypeKeyComparer());
    private readonly Dictionary<string, GeneratedType> _types = new(StringComparer.Ordinal);

    /// <summary>Per input type, its fields' element namespaces and the namespaces of the elements it is the type of.</summary>
    private readonly Dictionary<string, (List<(GeneratedField Field, string Namespace)> Elements, HashSet<string> UsedIn)> _inputNamespaces = new(StringComparer.Ordinal);

    /// <summary>One element of a content model, with what the model around it makes of it.</summary>
    public sealed record Child(XmlSchemaElement Element, bool Optional, bool Repeated, bool InChoice);

    /// <summary>The content of a complex type: its elements in order, whether it holds <c>xs:any</c>, and whether it is one choice.</summary>
    public sealed record Content(List<Child> Elements, bool Any, bool SingleChoice);

    /// <summary>The types made, for the file.</summary>
    public IEnumerable<GeneratedType> Types => _types.Values;

    /// <summary>
    /// Sets each input field's upstream name once every use is known: the bare name where the element is always in
    /// its parent's namespace, else Clark notation (<c>{urn:other}Street</c>, <c>{}street</c> for none).
    /// </summary>
    public void Finish()
    {
        foreach (var (elements, usedIn) in _inputNamespaces.Values)
        {
            foreach (var (field, ns) in elements)
            {
                var local = field.Upstream ?? field.Name;
                if (usedIn.Count != 1 || !usedIn.Contains(ns))
                {
                    field.Upstream = "{" + ns + "}" + local;
                }
            }
        }
    }

    /// <summary>The element itself, for a reference (<c>ref="tns:Customer"</c>).</summary>
    public XmlSchemaElement Resolve(XmlSchemaElement element) =>
        !element.RefName.IsEmpty && schemas.GlobalElements[element.RefName] is XmlSchemaElement global ? global : element;

    /// <summary>A complex type's elements, flattened in document order.</summary>
    public Content ContentOf(XmlSchemaComplexType type)
    {
        var elements = new List<Child>();
        var any = false;
        Walk(type.ContentTypeParticle, optional: false, repeated: false, inChoice: false);
        var singleChoice = type.ContentTypeParticle is XmlSchemaChoice { MinOccurs: 1, MaxOccurs: 1 } choice
            && choice.Items.Cast<XmlSchemaObject>().All(item => item is XmlSchemaElement { MaxOccurs: 1 });
        return new Content(elements, any, singleChoice);

        void Walk(XmlSchemaParticle? particle, bool optional, bool repeated, bool inChoice)
        {
            switch (particle)
            {
                case XmlSchemaElement element:
                    var resolved = Resolve(element);
                    var name = resolved.QualifiedName.Name;
                    if (elements.FindIndex(c => c.Element.QualifiedName.Name == name) is var at and >= 0)
                    {
                        // The same name twice (<a/><b/><a/>) is read as one list.
                        elements[at] = elements[at] with { Repeated = true };
                        break;
                    }
                    elements.Add(new Child(resolved, optional || element.MinOccurs == 0, repeated || element.MaxOccurs > 1, inChoice));
                    break;
                case XmlSchemaGroupBase group:
                    var choice = group is XmlSchemaChoice;
                    foreach (var item in group.Items)
                    {
                        Walk(item as XmlSchemaParticle, optional || group.MinOccurs == 0 || choice, repeated || group.MaxOccurs > 1, inChoice || choice);
                    }
                    break;
                case XmlSchemaAny:
                    any = true;
                    break;
            }
        }
    }

    /// <summary>
    /// The GraphQL type of an element in a type's content, as SDL: lists for repeated elements (never null when read,
    /// as XML cannot tell an empty list from a missing one), non-null for a required, non-nillable one.
    /// </summary>
    public string FieldType(Child child, string context, bool input, bool inOneOf = false)
    {
        var element = child.Element;
        var named = TypeOf(element.ElementSchemaType, context + GraphQLNames.Pascal(element.QualifiedName.Name, keepValid: false), input, element.QualifiedName.Namespace);
        if (child.Repeated)
        {
            var list = "[" + named + (element.IsNillable ? "" : "!") + "]";
            return input ? (child.Optional ? list : list + "!") : list + "!";
        }
        return child.Optional || element.IsNillable || inOneOf ? named : named + "!";
    }

    /// <summary>
    /// The named GraphQL type of a schema type: made on first use, named after the schema's name or, for an anonymous
    /// type, <paramref name="context"/>; <paramref name="usedIn"/> is the namespace of the element it is the type of.
    /// </summary>
    public string TypeOf(XmlSchemaType? type, string context, bool input, string usedIn)
    {
        switch (type)
        {
            case null:
                return "String";
            case XmlSchemaSimpleType simple:
                return SimpleType(simple, context);
            case XmlSchemaComplexType complex when complex.QualifiedName == new XmlQualifiedName("anyType", "http://www.w3.org/2001/XMLSchema"):
                return JsonType;
            case XmlSchemaComplexType complex:
                if (complex.ContentType == XmlSchemaContentType.TextOnly && complex.AttributeUses.Count == 0)
                {
                    return complex.Datatype is null ? "String" : Builtin(complex.Datatype.TypeCode);
                }
                if (_named.TryGetValue((complex, input), out var known))
                {
                    Use(known, usedIn);
                    return known;
                }
                return ObjectType(complex, context, input, usedIn);
            default:
                return "String";
        }
    }

    private string ObjectType(XmlSchemaComplexType complex, string context, bool input, string usedIn)
    {
        var baseName = complex.QualifiedName.IsEmpty ? context : Prefixed(GraphQLNames.Pascal(complex.QualifiedName.Name));
        var content = complex.ContentType is XmlSchemaContentType.ElementOnly or XmlSchemaContentType.Mixed ? ContentOf(complex) : new Content([], false, false);
        var attributes = complex.AttributeUses.Values.Cast<XmlSchemaAttribute>().OrderBy(a => a.QualifiedName.ToString(), StringComparer.Ordinal).ToList();
        var simpleContent = complex.ContentType == XmlSchemaContentType.TextOnly;
        if (content.Elements.Count == 0 && attributes.Count == 0 && !simpleContent)
        {
            // Nothing typed (xs:any, or empty): whatever it holds, as JSON.
            return JsonType;
        }
        var name = _typeNames.Take(input ? baseName + "Input" : baseName);
        _named[(complex, input)] = name;
        var generated = new GeneratedType
        {
            Kind = input ? GeneratedKind.Input : GeneratedKind.Object,
            Name = name,
            Description = Documentation(complex),
            OneOf = input && content.SingleChoice,
        };
        if (content.Any)
        {
            generated.Description = Join(generated.Description, "Also holds elements of other schemas (xs:any), which are not read.");
        }
        _types[name] = generated;
        if (input)
        {
            _inputNamespaces[name] = ([], []);
            Use(name, usedIn);
        }
        var fieldNames = new NameScope();
        if (simpleContent)
        {
            generated.Fields.Add(new GeneratedField
            {
                Name = fieldNames.Take("value"),
                Type = (complex.Datatype is null ? "String" : Builtin(complex.Datatype.TypeCode)) + "!",
                Description = "The element's text.",
                Upstream = TextMember,
            });
        }
        foreach (var attribute in attributes)
        {
            var local = attribute.QualifiedName.Name;
            var fieldName = fieldNames.Take(GraphQLNames.Camel(local, keepValid: false));
            var attributeType = attribute.AttributeSchemaType is { } simple ? SimpleType(simple, baseName + GraphQLNames.Pascal(local, keepValid: false)) : "String";
            generated.Fields.Add(new GeneratedField
            {
                Name = fieldName,
                Type = attribute.Use == XmlSchemaUse.Required ? attributeType + "!" : attributeType,
                Description = Documentation(attribute),
                // Sent as an attribute (@name); read by its local name, as attributes are.
                Upstream = input ? "@" + (attribute.QualifiedName.Namespace.Length > 0 ? "{" + attribute.QualifiedName.Namespace + "}" : "") + local
                    : fieldName == local ? null : local,
            });
        }
        foreach (var child in content.Elements)
        {
            var local = child.Element.QualifiedName.Name;
            var fieldName = fieldNames.Take(GraphQLNames.Camel(local, keepValid: false));
            var field = new GeneratedField
            {
                Name = fieldName,
                Type = FieldType(child, baseName, input, generated.OneOf),
                Description = Documentation(child.Element) ?? Documentation(child.Element.ElementSchemaType),
                Upstream = fieldName == local ? null : local,
            };
            generated.Fields.Add(field);
            if (input)
            {
                _inputNamespaces[name].Elements.Add((field, child.Element.QualifiedName.Namespace));
            }
        }
        return name;
    }

    private void Use(string inputType, string usedIn)
    {
        if (_inputNamespaces.TryGetValue(inputType, out var namespaces))
        {
            namespaces.UsedIn.Add(usedIn);
        }
    }

    private string SimpleType(XmlSchemaSimpleType simple, string context)
    {
        if (Enumeration(simple) is { } values && simple.Datatype?.TypeCode is XmlTypeCode.String or XmlTypeCode.NormalizedString or XmlTypeCode.Token
            or XmlTypeCode.NmToken or XmlTypeCode.Name or XmlTypeCode.NCName or XmlTypeCode.AnyUri or XmlTypeCode.Language)
        {
            if (_named.TryGetValue((simple, false), out var known))
            {
                return known;
            }
            var name = _typeNames.Take(simple.QualifiedName.IsEmpty ? context : Prefixed(GraphQLNames.Pascal(simple.QualifiedName.Name)));
            _named[(simple, false)] = name;
            var generated = new GeneratedType { Kind = GeneratedKind.Enum, Name = name, Description = Documentation(simple) };
            var valueNames = new NameScope();
            foreach (var (value, description) in values)
            {
                var valueName = valueNames.Take(GraphQLNames.Constant(value));
                generated.Values.Add((valueName, valueName == value ? null : value, description));
            }
            _types[name] = generated;
            return name;
        }
        return simple.Datatype is null ? "String" : Builtin(simple.Datatype.TypeCode);
    }

    /// <summary>A simple type's enumerated values: its own restriction's, or those of the type it restricts.</summary>
    private static List<(string Value, string? Description)>? Enumeration(XmlSchemaSimpleType? simple)
    {
        for (var type = simple; type is not null; type = type.BaseXmlSchemaType as XmlSchemaSimpleType)
        {
            if (type.Content is not XmlSchemaSimpleTypeRestriction restriction)
            {
                return null;
            }
            var values = restriction.Facets.OfType<XmlSchemaEnumerationFacet>().Where(f => f.Value is not null)
                .Select(f => (f.Value!, Documentation(f))).DistinctBy(v => v.Item1).ToList();
            if (values.Count > 0)
            {
                return values;
            }
        }
        return null;
    }

    /// <summary>The gateway's scalar for a built-in type: numbers, booleans and instants typed, everything else text.</summary>
    public static string Builtin(XmlTypeCode code) => code switch
    {
        XmlTypeCode.Boolean => "Boolean",
        XmlTypeCode.Int or XmlTypeCode.Short or XmlTypeCode.Byte or XmlTypeCode.UnsignedShort or XmlTypeCode.UnsignedByte => "Int",
        XmlTypeCode.Long or XmlTypeCode.UnsignedInt or XmlTypeCode.UnsignedLong or XmlTypeCode.Integer or XmlTypeCode.NonNegativeInteger
            or XmlTypeCode.PositiveInteger or XmlTypeCode.NegativeInteger or XmlTypeCode.NonPositiveInteger => "Long",
        XmlTypeCode.Decimal => "Decimal",
        XmlTypeCode.Float or XmlTypeCode.Double => "Float",
        XmlTypeCode.DateTime => "DateTime",
        XmlTypeCode.Date => "DateOnly",
        _ => "String",
    };

    public string Prefixed(string name) => options.Prefix.Length == 0 ? name : GraphQLNames.Pascal(options.Prefix, keepValid: false) + name;

    /// <summary>The text of an annotation's <c>xs:documentation</c>.</summary>
    public static string? Documentation(XmlSchemaObject? annotated)
    {
        if (annotated is not XmlSchemaAnnotated { Annotation: { } annotation })
        {
            return null;
        }
        var text = string.Join("\n\n", annotation.Items.OfType<XmlSchemaDocumentation>()
            .Select(d => string.Concat((d.Markup ?? []).Select(node => node?.InnerText)).Trim()).Where(t => t.Length > 0));
        return text.Length == 0 ? null : text;
    }

    public static string? Join(string? first, string? second) =>
        string.IsNullOrWhiteSpace(first) ? second : string.IsNullOrWhiteSpace(second) ? first : first + "\n\n" + second;

    private sealed class TypeKeyComparer : IEqualityComparer<(XmlSchemaType Type, bool Input)>
    {
        public bool Equals((XmlSchemaType Type, bool Input) x, (XmlSchemaType Type, bool Input) y) =>
            ReferenceEquals(x.Type, y.Type) && x.Input == y.Input;

        public int GetHashCode((XmlSchemaType Type, bool Input) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Type), obj.Input);
    }
}
