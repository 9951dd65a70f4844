using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Declarative;

/// <summary>
/// A gateway with the shipped CRM source (<c>sources/crm</c>) and a second description of the same SOAP service,
/// <c>people</c>, written here from its WSDL with other names, so the two can be compared field by field.
/// </summary>
public sealed class SoapSourceFixture : GatewayFixture
{
    private const string People = """
        "A customer as the CRM's SOAP service describes one."
        type CrmPerson {
          id: ID!
          name: String!
          postalCode: String!
          tier: String!
          createdAt: DateTime!
        }

        extend type Query {
          "People by id, with one GetCustomers call for all of them."
          crmPeople(ids: [ID!]!): [CrmPerson]
            @connect(
              soap: "GetCustomers"
              namespace: "urn:demo:crm:v1"
              retrySafe: true
              body: "{ Ids: { Id: $keys } }"
              key: "$args.ids"
              items: "Result"
              match: "Id"
              error: "Error"
              select: "{ id: Customer.Id, name: Customer.Name, postalCode: Customer.Address.PostalCode, tier: Customer.Tier, createdAt: Customer.CreatedAt }"
              entity: "person"
            )
          "One person with GetCustomer, whose unknown ids are the CRM's NotFound fault."
          crmPerson(id: ID!): CrmPerson
            @connect(
              soap: "GetCustomer"
              namespace: "urn:demo:crm:v1"
              retrySafe: true
              body: "{ Id: $key }"
              key: "$args.id"
              items: "Customer"
              select: "{ id: Id, name: Name, postalCode: Address.PostalCode, tier: Tier, createdAt: CreatedAt }"
              entity: "single-person"
            )
          "The same over SOAP 1.2, for tokens with crm:write."
          crmPerson12(id: ID!): CrmPerson
            @requiresScope(scope: "crm:write")
            @connect(
              soap: "GetCustomer"
              namespace: "urn:demo:crm:v1"
              soapVersion: "1.2"
              retrySafe: true
              body: "{ Id: $key }"
              key: "$args.id"
              items: "Customer"
              select: "{ id: Id, name: Name, postalCode: Address.PostalCode, tier: Tier, createdAt: CreatedAt }"
              entity: "single-person-12"
            )
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("soap-sources-").FullName;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:SourcesPath"] = Path.Combine(_folder, "sources"),
        ["Sources:People:BaseUrl"] = new Uri(Demo.BaseAddress, "crm/soap").AbsoluteUri,
        ["Sources:People:Resilience:RetryBaseDelay"] = "00:00:00.005",
    };

    protected override Task BeforeStartAsync()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_folder, "sources", "people"));
        var crm = Directory.CreateDirectory(Path.Combine(_folder, "sources", "crm"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "sources", "crm", "crm.graphql"), Path.Combine(crm.FullName, "crm.graphql"));
        return File.WriteAllTextAsync(Path.Combine(directory.FullName, "people.graphql"), People);
    }

    protected override Task AfterStopAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class SoapSourceTests(SoapSourceFixture fixture) : IClassFixture<SoapSourceFixture>
{
    [Fact]
    public async Task Fifty_people_are_one_soap_call_and_match_the_shipped_crm_source_field_by_field()
    {
        var ids = Enumerable.Range(1, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var list = string.Join(", ", ids.Select(id => $"\"{id}\""));
        var shipped = await fixture.Client.GraphQLAsync($"{{ customers(ids: [{list}]) {{ crmId name tier createdAt address {{ postalCode }} }} }}");
        await fixture.Demo.ResetAsync();

        var declarative = await fixture.Client.GraphQLAsync($"{{ crmPeople(ids: [{list}]) {{ id name postalCode tier createdAt }} }}");

        Assert.False(declarative.HasErrors, string.Join("; ", declarative.Errors));
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Crm);
        var people = declarative.Data.GetProperty("crmPeople").EnumerateArray().ToList();
        var customers = shipped.Data.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal(50, people.Count);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(customers[i].GetProperty("crmId").GetString(), people[i].GetProperty("id").GetString());
            Assert.Equal(customers[i].GetProperty("name").GetString(), people[i].GetProperty("name").GetString());
            Assert.Equal(customers[i].GetProperty("tier").GetString(), people[i].GetProperty("tier").GetString()!.ToUpperInvariant());
            Assert.Equal(customers[i].GetProperty("createdAt").GetString(), people[i].GetProperty("createdAt").GetString());
            Assert.Equal(customers[i].GetProperty("address").GetProperty("postalCode").GetString(), people[i].GetProperty("postalCode").GetString());
        }
        // Text stays text: postal codes with a leading zero keep it.
        Assert.Contains(people, p => p.GetProperty("postalCode").GetString()!.StartsWith('0'));
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_fail_only_their_own_items()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("{ crmPeople(ids: [\"1\", \"424242\", \"nope\", \"2\"]) { id } }");

        var people = response.Data.GetProperty("crmPeople");
        Assert.Equal("1", people[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, people[1].ValueKind);
        Assert.Equal(JsonValueKind.Null, people[2].ValueKind);
        Assert.Equal("2", people[3].GetProperty("id").GetString());
        Assert.Equal(["crmPeople.1", "crmPeople.2"], response.ErrorPaths.Order());
        Assert.Equal(["NOT_FOUND", "BAD_USER_INPUT"], response.Errors.OrderBy(e => e.GetProperty("path")[1].GetInt32()).Select(GraphQLResponse.Code));
        Assert.All(response.Errors, e => Assert.Equal("people", e.GetProperty("extensions").GetProperty("source").GetString()));
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Crm);
    }

    [Theory]
    [InlineData("424242", "NOT_FOUND", "NotFound")]
    [InlineData("abc", "BAD_USER_INPUT", "InvalidArgument")]
    public async Task A_client_fault_is_a_typed_error_with_the_services_code(string id, string code, string faultCode)
    {
        var response = await fixture.Client.GraphQLAsync($"{{ crmPerson(id: \"{id}\") {{ name }} }}");

        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("crmPerson").ValueKind);
        var error = response.Errors.Single();
        Assert.Equal(code, GraphQLResponse.Code(error));
        Assert.Equal(faultCode, error.GetProperty("extensions").GetProperty("faultCode").GetString());
        Assert.Equal("people", error.GetProperty("extensions").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Soap_1_2_answers_and_faults_read_as_soap_1_1_ones_do()
    {
        var response = await fixture.Client.GraphQLAsync(
            "{ a: crmPerson(id: \"7\") { id name postalCode createdAt } b: crmPerson12(id: \"7\") { id name postalCode createdAt } missing: crmPerson12(id: \"424242\") { id } }");

        Assert.True(response.Errors.Count == 1, string.Join("; ", response.Errors));
        Assert.Equal(response.Data.GetProperty("a").ToString(), response.Data.GetProperty("b").ToString());
        Assert.Equal("7", response.Data.GetProperty("b").GetProperty("id").GetString());
        var error = response.Errors.Single();
        Assert.Equal("missing", response.ErrorPaths.Single());
        Assert.Equal("NOT_FOUND", GraphQLResponse.Code(error));
        Assert.Equal("NotFound", error.GetProperty("extensions").GetProperty("faultCode").GetString());
    }

    [Theory]
    [InlineData(null, "UNAUTHENTICATED")]
    [InlineData("payments:read", "FORBIDDEN")]
    public async Task A_field_with_a_scope_is_refused_without_it_and_calls_nothing(string? scopes, string code)
    {
        using var client = scopes is null ? fixture.Gateway.CreateAnonymousClient() : fixture.Gateway.CreateClient();
        if (scopes is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(scopes));
        }
        await fixture.Demo.ResetAsync();

        var response = await client.GraphQLAsync("{ open: crmPerson(id: \"8\") { id } guarded: crmPerson12(id: \"9\") { id } }");

        Assert.Equal("8", response.Data.GetProperty("open").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("guarded").ValueKind);
        Assert.Equal(code, GraphQLResponse.Code(response.Errors.Single()));
        Assert.Equal(1, (await fixture.Demo.StatsAsync()).Crm);
    }

    [Fact]
    public async Task A_server_fault_is_an_upstream_error_that_says_nothing_of_the_fault()
    {
        await fixture.Demo.ResetAsync();
        await fixture.Demo.FaultAsync("crm", errorRate: 1.0);

        var response = await fixture.Client.GraphQLAsync("{ crmPerson(id: \"5\") { name } }");
        await fixture.Demo.ResetAsync();

        var error = response.Errors.Single();
        Assert.Equal("UPSTREAM_ERROR", GraphQLResponse.Code(error));
        Assert.Equal("The people upstream failed (SOAP Fault).", error.GetProperty("message").GetString());
        Assert.False(error.GetProperty("extensions").TryGetProperty("faultCode", out _));
    }

    [Fact]
    public async Task Input_xml_cannot_carry_is_bad_user_input_and_calls_nothing()
    {
        await fixture.Demo.ResetAsync();

        var response = await fixture.Client.GraphQLAsync("query($id: ID!) { crmPerson(id: $id) { name } }", new { id = "5\u0001" });

        Assert.Equal("BAD_USER_INPUT", GraphQLResponse.Code(response.Errors.Single()));
        Assert.Equal(0, (await fixture.Demo.StatsAsync()).Crm);
    }
}
