using Gateway.Sources.Import;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Import;

/// <summary><c>sources check</c> against a changed copy of the document an imported source was made from.</summary>
public sealed class SourcesCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sources-check-").FullName;
    private readonly string _document;

    public SourcesCheckTests()
    {
        _document = Path.Combine(_folder, "pets.yaml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Import", "Documents", "pets.yaml"), _document);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Sources => Path.Combine(_folder, "sources");

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await SourcesCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task An_unchanged_document_passes()
    {
        Assert.Equal(0, (await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources)).Exit);

        var (exit, output, _) = await RunAsync("sources", "check", "pets", "--out", Sources);

        Assert.Equal(0, exit);
        Assert.EndsWith("no changes." + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_operation_and_a_changed_field_type_fail_with_a_report_naming_them()
    {
        Assert.Equal(0, (await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources)).Exit);
        var changed = Path.Combine(_folder, "changed.yaml");
        var text = await File.ReadAllTextAsync(_document);
        var oldPet = text.IndexOf("  /pets/{petId}/old:", StringComparison.Ordinal);
        var upload = text.IndexOf("  /upload:", StringComparison.Ordinal);
        text = text.Remove(oldPet, upload - oldPet)
            .Replace("lives: { type: integer }", "lives: { type: string }", StringComparison.Ordinal)
            .Replace("        status: { $ref: \"#/components/schemas/Status\" }\n    NewCat:", "        status: { $ref: \"#/components/schemas/Status\" }\n        size: { type: string }\n    NewCat:", StringComparison.Ordinal);
        await File.WriteAllTextAsync(changed, text);

        var (exit, output, _) = await RunAsync("sources", "check", "pets", "--against", changed, "--out", Sources);

        Assert.Equal(1, exit);
        Assert.Contains("BREAKING  Query.getOldPet (an operation) was removed", output, StringComparison.Ordinal);
        Assert.Contains("BREAKING  Cat.lives changed type from Int to String", output, StringComparison.Ordinal);
        Assert.Contains("BREAKING  NewCatInput.lives changed type from Int! to String!", output, StringComparison.Ordinal);
        Assert.Contains("safe      NewDogInput.size was added", output, StringComparison.Ordinal);
        Assert.Contains("3 breaking changes", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_that_is_not_openapi_is_a_clear_error_and_writes_nothing()
    {
        var broken = Path.Combine(_folder, "broken.yaml");
        await File.WriteAllTextAsync(broken, "openapi: 3.1.0\ninfo: [not, an, object]\npaths: 7\n");

        var (exit, _, error) = await RunAsync("sources", "import", "openapi", broken, "--name", "broken", "--out", Sources);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{broken}: not", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Sources, "broken")));
    }

    [Fact]
    public async Task An_existing_source_folder_is_kept_unless_forced()
    {
        Assert.Equal(0, (await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources)).Exit);

        var (exit, _, error) = await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources);

        Assert.Equal(2, exit);
        Assert.Contains("pass --force", error, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("sources", "import", "openapi", _document, "--name", "pets", "--out", Sources, "--force")).Exit);
    }

    [Fact]
    public async Task A_wsdl_source_is_checked_against_its_changed_description()
    {
        var wsdl = Path.Combine(_folder, "crm.wsdl");
        File.Copy(Path.Combine(RepositoryPaths.Root, "src", "DemoUpstreams", "Crm", "crm.wsdl"), wsdl);
        Assert.Equal(0, (await RunAsync("sources", "import", "wsdl", wsdl, "--name", "crm", "--out", Sources)).Exit);
        Assert.Equal(0, (await RunAsync("sources", "check", "crm", "--out", Sources)).Exit);
        var changed = Path.Combine(_folder, "changed.wsdl");
        var text = await File.ReadAllTextAsync(wsdl);
        // GetCustomer leaves the port type and the binding; Customer.Id becomes text; UpdateCustomerContact needs a reason.
        text = System.Text.RegularExpressions.Regex.Replace(text, """<wsdl:operation name="GetCustomer">.*?</wsdl:operation>""", "", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Replace("<xs:element name=\"Id\" type=\"xs:int\"/>\n          <xs:element name=\"Name\"",
                "<xs:element name=\"Id\" type=\"xs:string\"/>\n          <xs:element name=\"Name\"", StringComparison.Ordinal)
            .Replace("<xs:element name=\"Phone\" type=\"xs:string\" minOccurs=\"0\"/>\n",
                "<xs:element name=\"Phone\" type=\"xs:string\" minOccurs=\"0\"/>\n<xs:element name=\"Reason\" type=\"xs:string\"/>\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(changed, text);

        var (exit, output, _) = await RunAsync("sources", "check", "crm", "--against", changed, "--out", Sources);

        Assert.Equal(1, exit);
        Assert.Contains("BREAKING  Query.getCustomer (an operation) was removed", output, StringComparison.Ordinal);
        Assert.Contains("BREAKING  Customer.id changed type from Int! to String!", output, StringComparison.Ordinal);
        Assert.Contains("BREAKING  required argument reason was added to Mutation.updateCustomerContact (an operation)", output, StringComparison.Ordinal);
        Assert.Contains("3 breaking changes", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<definitions xmlns='http://schemas.xmlsoap.org/wsdl/'><types>", "not well-formed XML")]
    [InlineData("<description xmlns='http://www.w3.org/ns/wsdl'/>", "a WSDL 2.0 description; the import reads WSDL 1.1")]
    [InlineData("<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><d>&e;</d>", "not well-formed XML")]
    [InlineData("""
        <definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">
          <types><xs:schema targetNamespace="urn:t"><xs:element name="Get" type="t:Missing"/></xs:schema></types>
          <message name="In"><part name="p" element="t:Get"/></message>
          <portType name="P"><operation name="Get"><input message="t:In"/><output message="t:In"/></operation></portType>
          <binding name="B" type="t:P"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/><operation name="Get"><soap:operation soapAction="a"/></operation></binding>
          <service name="S"><port name="Q" binding="t:B"><soap:address location="http://localhost/s"/></port></service>
        </definitions>
        """, "its schemas do not compile:\n  broken.wsdl:2: Type 'urn:t:Missing' is not declared.")]
    public async Task A_broken_description_is_a_clear_error_and_writes_nothing(string text, string expected)
    {
        var broken = Path.Combine(_folder, "broken.wsdl");
        await File.WriteAllTextAsync(broken, text);

        var (exit, _, error) = await RunAsync("sources", "import", "wsdl", broken, "--name", "broken", "--out", Sources);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{broken}: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Sources, "broken")));
    }

    [Fact]
    public async Task A_wsdl_imports_to_the_same_file_every_time_and_an_operation_can_be_told_to_be_a_mutation()
    {
        var wsdl = Path.Combine(AppContext.BaseDirectory, "Import", "Documents", "wsdl-attributes", "catalog.wsdl");
        Assert.Equal(0, (await RunAsync("sources", "import", "wsdl", wsdl, "--name", "catalog", "--out", Sources)).Exit);
        Assert.Equal(0, (await RunAsync("sources", "import", "wsdl", wsdl, "--name", "catalog", "--out", Path.Combine(_folder, "again"))).Exit);
        Assert.Equal(0, (await RunAsync("sources", "import", "wsdl", wsdl, "--name", "catalog", "--mutation", "FindItems", "--out", Path.Combine(_folder, "told"))).Exit);

        var first = await File.ReadAllTextAsync(Path.Combine(Sources, "catalog", "catalog.graphql"));
        var told = await File.ReadAllTextAsync(Path.Combine(_folder, "told", "catalog", "catalog.graphql"));

        Assert.Equal(first, await File.ReadAllTextAsync(Path.Combine(_folder, "again", "catalog", "catalog.graphql")));
        Assert.Contains("extend type Query {\n  # FindItems", first, StringComparison.Ordinal);
        Assert.DoesNotContain("extend type Query", told, StringComparison.Ordinal);
        Assert.Contains("extend type Mutation {\n  # FindItems", told, StringComparison.Ordinal);
        // A mutation is neither cached nor retried: no key, entity or retrySafe.
        Assert.DoesNotContain("retrySafe", told, StringComparison.Ordinal);
        Assert.Contains("\"mutations\"", (await File.ReadAllTextAsync(Path.Combine(_folder, "told", "catalog", "source.json"))).ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_description_with_ports_at_two_addresses_imports_the_other_with_port()
    {
        var wsdl = Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", "wsdl", "asmx-mathservice-docs", "All_CS.wsdl");

        Assert.Equal(0, (await RunAsync("sources", "import", "wsdl", wsdl, "--name", "add", "--out", Sources)).Exit);
        Assert.Equal(0, (await RunAsync("sources", "import", "wsdl", wsdl, "--name", "subtract", "--port", "MathService1.MathService1Soap", "--out", Sources)).Exit);
        var (exit, _, error) = await RunAsync("sources", "import", "wsdl", wsdl, "--name", "none", "--port", "NoSuchPort", "--out", Sources);

        var add = await File.ReadAllTextAsync(Path.Combine(Sources, "add", "add.graphql"));
        var subtract = await File.ReadAllTextAsync(Path.Combine(Sources, "subtract", "subtract.graphql"));
        Assert.Contains("--port MathService1.MathService1Soap", add, StringComparison.Ordinal);
        Assert.Contains("  subtract(", subtract, StringComparison.Ordinal);
        Assert.DoesNotContain("  add(", subtract, StringComparison.Ordinal);
        Assert.Contains("SubtractService_CS.asmx", await File.ReadAllTextAsync(Path.Combine(Sources, "subtract", "source.json")), StringComparison.Ordinal);
        Assert.Equal(2, exit);
        Assert.Contains("no SOAP port 'NoSuchPort'; its ports are MathService.MathServiceSoap", error, StringComparison.Ordinal);
    }
}
