using System.Text.Json;
using Gateway.Tests.Infrastructure;
using GraphQLParser;
using GraphQLParser.AST;

namespace Gateway.Tests.Schema;

/// <summary>
/// Introspection as graphql-js 16's <c>getIntrospectionQuery</c> asks for it with every option on (descriptions,
/// schema description, <c>specifiedByURL</c>, <c>isRepeatable</c>, deprecated arguments and input fields, <c>isOneOf</c>),
/// which code generators and the playground send; its answer describes the approved <c>schema/gateway.graphql</c>.
/// </summary>
public sealed class IntrospectionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string TypeRef = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }";

    private static readonly string FullIntrospection = $$"""
        query IntrospectionQuery {
          __schema {
            description
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description specifiedByURL isOneOf
          fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields(includeDeprecated: true) { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
        fragment TypeRef on __Type { {{TypeRef}} }
        """;

    [Fact]
    public async Task The_full_introspection_query_of_graphql_js_describes_the_approved_schema()
    {
        var response = await fixture.Client.GraphQLAsync(FullIntrospection);

        Assert.False(response.HasErrors, response.Body.GetRawText());
        var schema = response.Data.GetProperty("__schema");
        var types = schema.GetProperty("types").EnumerateArray()
            .Where(t => !t.GetProperty("name").GetString()!.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(t => t.GetProperty("name").GetString()!);
        var approved = Parser.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "schema", "gateway.graphql")));
        var definitions = approved.Definitions.OfType<GraphQLTypeDefinition>().Where(d => d is not GraphQLDirectiveDefinition).ToDictionary(d => d.Name.StringValue);
        var builtIn = new[] { "String", "Int", "Float", "Boolean", "ID" };

        Assert.Equal(definitions.Keys.Concat(builtIn).Order(StringComparer.Ordinal), types.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, definition) in definitions)
        {
            var introspected = types[name];
            var fields = definition switch
            {
                GraphQLObjectTypeDefinition o => o.Fields?.Items.Select(f => f.Name.StringValue),
                GraphQLInterfaceTypeDefinition i => i.Fields?.Items.Select(f => f.Name.StringValue),
                GraphQLInputObjectTypeDefinition input => input.Fields?.Items.Select(f => f.Name.StringValue),
                GraphQLEnumTypeDefinition e => e.Values?.Items.Select(v => v.Name.StringValue),
                _ => null,
            };
            var member = definition switch
            {
                GraphQLInputObjectTypeDefinition => "inputFields",
                GraphQLEnumTypeDefinition => "enumValues",
                _ => "fields",
            };
            if (fields is not null)
            {
                Assert.Equal(fields.Order(StringComparer.Ordinal),
                    introspected.GetProperty(member).EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
            }
            // @oneOf in the file is isOneOf in introspection, and @specifiedBy specifiedByURL.
            var applied = (definition as IHasDirectivesNode)?.Directives;
            var oneOf = applied?.Items.Any(d => d.Name.StringValue == "oneOf") == true;
            Assert.Equal(oneOf, introspected.GetProperty("isOneOf").ValueKind == JsonValueKind.True);
            var specifiedBy = applied?.Items.FirstOrDefault(d => d.Name.StringValue == "specifiedBy")?.Arguments?.Items[0].Value is GraphQLStringValue url
                ? url.Value.ToString()
                : null;
            Assert.Equal(specifiedBy, introspected.GetProperty("specifiedByURL").GetString());
        }
        Assert.Equal("https://scalars.graphql.org/andimarek/date-time", types["DateTime"].GetProperty("specifiedByURL").GetString());
        Assert.True(types["CustomerSortInput"].GetProperty("isOneOf").GetBoolean());
        var directives = schema.GetProperty("directives").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.Equal(["defer", "deprecated", "include", "oneOf", "skip", "specifiedBy", "stream"], directives.Keys.Order(StringComparer.Ordinal));
        Assert.All(directives.Values, d => Assert.False(d.GetProperty("isRepeatable").GetBoolean()));
        Assert.Equal("url", Assert.Single(directives["specifiedBy"].GetProperty("args").EnumerateArray()).GetProperty("name").GetString());
    }
}
