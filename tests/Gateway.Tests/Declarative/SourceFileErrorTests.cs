using Gateway.Sources.Declarative.Definitions;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Declarative;

/// <summary>A wrong source file stops the start with its file, line and column and what is wrong.</summary>
public sealed class SourceFileErrorTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string Good = """
        type Quote {
          value: Decimal!
          currency: String!
        }

        extend type Money {
          quote(currency: String!): Quote
            @connect(
              http: "POST /v1/rates/batch"
              body: "{ pairs: $keys }"
              key: "{ from: $this.currency, to: $args.currency }"
              items: "results"
              select: "{ value: rate, currency: to }"
              entity: "rate"
            )
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("sources-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_good_file_reads_and_compiles_its_connector()
    {
        var model = Read(Good);

        var connector = Assert.Single(model.Extensions["Money"]).Connector!;
        Assert.True(connector.Fetch.Batched);
        Assert.Equal(HttpMethod.Post, connector.Fetch.Method);
        Assert.Equal("rate", connector.Fetch.Entity);
        Assert.Contains(model.ExternalReferences, reference => reference.Name == "Money");
    }

    [Theory]
    [InlineData("key: \"{ from: $this.currency, to: $args.currency }\"", "key: \"{ from: $this.currency, to: $args.curency }\"", 11, 41, "'Money.quote' has no argument 'curency'")]
    [InlineData("http: \"POST /v1/rates/batch\"", "http: \"FETCH /v1/rates/batch\"", 9, 13, "'http' is \"<METHOD> <path>\"")]
    [InlineData("http: \"POST /v1/rates/batch\"", "http: \"GET /v1/rates/{$args.nope}\"", 9, 29, "'http' is computed from the key ('$key', or '$keys' for a batch); build the key from '$args' with 'key'")]
    [InlineData("select: \"{ value: rate, currency: to }\"", "select: \"{ value: rate }\"", 13, 16, "'select' leaves out 'currency', which 'Quote' declares non-null")]
    [InlineData("select: \"{ value: rate, currency: to }\"", "select: \"{ value: rate, currency: to, price: rate }\"", 13, 52, "'select' sets 'price', which 'Quote' does not have")]
    [InlineData("items: \"results\"", "items: \"results.\"", 12, 23, "'items' of @connect on 'Money.quote': expected a name")]
    [InlineData("items: \"results\"", "items: \"$result\"", 12, 15, "unknown variable '$result'")]
    [InlineData("entity: \"rate\"", "", 8, 5, "@connect on 'Money.quote' needs 'entity'")]
    [InlineData("value: Decimal!", "value: Decimal! @cache", 2, 19, "unknown directive '@cache'; fields take @connect, @userError, @requiresScope, @deprecated and, on a source's own types, @from")]
    [InlineData("type Quote {", "type Quote {{", 1, 13, "Expected Name")]
    [InlineData("value: Decimal!", "value: Decimal! @from(name: 1)", 2, 19, "@from takes one argument, name")]
    [InlineData("type Quote {", "union Priced = String type Quote {", 1, 16, "a union of a source file joins object types of the files; 'String' is not one")]
    [InlineData("type Quote {", "union Priced @discriminator(property: \"kind\", values: { Money: \"m\" }) = Quote type Quote {", 1, 57, "'values' names 'Money', which is not a member of 'Priced'")]
    [InlineData("type Quote {", "input Pick @inline { a: Int } type Quote {", 1, 12, "@inline goes with @oneOf")]
    [InlineData("value: Decimal!", "value: Decimal! @requiresScope(scopes: \"x\")", 2, 19, "@requiresScope takes one argument, scope")]
    [InlineData("http: \"POST /v1/rates/batch\"", "soap: \"GetRates\"", 8, 5, "@connect on 'Money.quote' needs 'namespace'")]
    [InlineData("http: \"POST /v1/rates/batch\"", "http: \"POST /v1/rates/batch\" soap: \"GetRates\"", 8, 5, "needs either 'http' (REST) or 'soap'")]
    [InlineData("http: \"POST /v1/rates/batch\"", "soap: \"Get Rates\" namespace: \"urn:x\"", 9, 13, "'soap' names the operation's request element")]
    [InlineData("http: \"POST /v1/rates/batch\"", "soap: \"GetRates\" namespace: \"urn:x\" soapVersion: \"1.3\"", 9, 56, "'soapVersion' is \"1.1\" or \"1.2\"")]
    [InlineData("entity: \"rate\"", "entity: \"rate\" cacheKey: \"upper($this.currency)\"", 14, 39, "'cacheKey' is computed from the key alone")]
    [InlineData("entity: \"rate\"", "entity: \"rate\" tag: \"$this.currency\"", 14, 28, "'tag' is computed from the key alone")]
    [InlineData("items: \"results\"", "items: \"flatten(results)\"", 12, 15, "unknown function 'flatten' (there are round, trim, squish, upper, lower, pascal, concat, keys, values, matches)")]
    [InlineData("items: \"results\"", "items: \"round(results, 1, 2)\"", 12, 15, "'round' takes 1 to 2 arguments")]
    [InlineData("quote(currency: String!)", "quote(currency: String! @range(max: 3))", 7, 27, "@range does not apply to 'currency: String'")]
    [InlineData("quote(currency: String!)", "quote(currency: String! @length(most: 3))", 7, 27, "@length takes min and/or max")]
    [InlineData("quote(currency: String!)", "quote(currency: String! @trim)", 7, 27, "unknown directive '@trim' on an argument")]
    [InlineData("body: \"{ pairs: $keys }\"", "body: \"{ pairs: [$key] }\" batchBy: \"$key.to\"", 10, 33, "'batchBy' splits a batch of keys")]
    [InlineData("entity: \"rate\"", "entity: \"rate\" changes: \"value\"", 14, 22, "'changes' says what counts as a change")]
    [InlineData("http: \"POST /v1/rates/batch\"", "", 8, 5, "needs either 'http' (REST) or 'soap' (a SOAP operation), or its type 'Quote' needs a @connect of its own")]
    [InlineData("entity: \"rate\"", "entity: \"rate\" headers: \"{ Host: 'evil' }\"", 14, 40, "'headers' cannot set 'Host'")]
    [InlineData("entity: \"rate\"", "entity: \"rate\" headers: \"$keys\"", 14, 31, "'headers' is an object of header names and values")]
    [InlineData("entity: \"rate\"", "entity: \"rate\" headers: \"{ 'X-A' }\"", 14, 40, "expected ':' and a value after 'X-A'")]
    [InlineData("entity: \"rate\"", "entity: \"rate\" headers: \"{ 'X-Id': $args.currency }\"", 14, 42, "'headers' is computed from the key")]
    public void A_mistake_is_reported_at_its_line_and_column(string original, string replacement, int line, int column, string problem)
    {
        var error = Assert.Throws<SourceFileException>(() => Read(Good.Replace(original, replacement, StringComparison.Ordinal)));

        Assert.Equal("sources/quotes/quotes.graphql", error.File);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    private const string Shared = """
        type Quote
          @connect(
            http: "POST /v1/rates/batch"
            body: "{ pairs: $keys }"
            items: "results"
            select: "{ value: rate, currency: to }"
            entity: "rate"
          ) {
          value: Decimal!
          currency: String!
        }

        extend type Money {
          quote(currency: String!): Quote @connect(key: "{ from: $this.currency, to: $args.currency }")
        }

        extend type Query {
          quote(from: String!, to: String!): Quote @connect(key: "{ from: $args.from, to: $args.to }")
        }
        """;

    [Fact]
    public void Fields_of_a_type_with_a_connect_share_its_fetch_and_selection()
    {
        var model = Read(Shared);

        var onMoney = Assert.Single(model.Extensions["Money"]).Connector!;
        var onQuery = Assert.Single(model.Extensions["Query"]).Connector!;
        Assert.Same(model.TypeConnectors["Quote"].Fetch, onMoney.Fetch);
        Assert.Same(onMoney.Fetch, onQuery.Fetch);
        Assert.Same(onMoney.Select, onQuery.Select);
        Assert.Single(model.Fetches);
    }

    [Theory]
    [InlineData("body: \"{ pairs: $keys }\"", "body: \"{ pairs: $keys, base: $this.currency }\"", 4, 34, "a type's @connect loads by key alone")]
    [InlineData("entity: \"rate\"", "entity: \"rate\" key: \"$args.to\"", 7, 20, "a type's @connect has no 'key': the fields that load 'Quote' give it")]
    [InlineData("@connect(key: \"{ from: $args.from, to: $args.to }\")", "@connect(key: \"{ from: $args.from, to: $args.to }\" entity: \"other\")", 18, 95, "'Query.quote' loads 'Quote' through the @connect of type 'Quote'; 'entity' belongs there")]
    [InlineData("type Quote\n", "type Quote @cached\n", 1, 12, "unknown directive '@cached' on a type")]
    public void A_mistake_in_a_type_connector_is_reported_at_its_place(string original, string replacement, int line, int column, string problem)
    {
        var error = Assert.Throws<SourceFileException>(() => Read(Shared.Replace(original, replacement, StringComparison.Ordinal)));

        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("type Quote\n", "type Quote implements Node\n", 1, 23, "'Quote' implements Node, so it has 'id: ID!'")]
    [InlineData("type Quote\n", "type Quote implements Priced\n", 1, 23, "a source's type can implement Node (Relay's object identification), not 'Priced'")]
    [InlineData("extend type Money {", "extend type Money implements Node {", 13, 30, "'implements' belongs on the definition of 'Money'")]
    [InlineData("quote(from: String!,", "quote(from: String! @nodeId(type: \"Payment\"),", 18, 23, "@nodeId belongs on an argument of type ID or a list of IDs")]
    [InlineData("quote(from: String!,", "quote(from: ID! @nodeId,", 18, 19, "@nodeId takes one argument, type")]
    public void A_mistake_in_a_relay_node_is_reported_at_its_place(string original, string replacement, int line, int column, string problem)
    {
        Assert.Contains(original, Shared, StringComparison.Ordinal);
        var error = Assert.Throws<SourceFileException>(() => Read(Shared.Replace(original, replacement, StringComparison.Ordinal)));

        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void A_node_type_needs_a_connect_of_its_own()
    {
        var error = Assert.Throws<SourceFileException>(() => Read(Good.Replace("type Quote {\n  value", "type Quote implements Node {\n  id: ID!\n  value", StringComparison.Ordinal)));

        Assert.Contains("'Quote' implements Node, so node(id:) loads it by id: give 'Quote' a @connect of its own", error.Problem, StringComparison.Ordinal);
        Assert.Equal((1, 23), (error.Line, error.Column));
    }

    [Fact]
    public void A_node_type_with_an_id_and_a_connect_compiles()
    {
        var model = Read(Shared.Replace("type Quote\n", "type Quote implements Node\n", StringComparison.Ordinal)
            .Replace("value: Decimal!", "id: ID!\n  value: Decimal!", StringComparison.Ordinal)
            .Replace("select: \"{ value: rate, currency: to }\"", "select: \"{ id: to, value: rate, currency: to }\"", StringComparison.Ordinal)
            .Replace("quote(from: String!, to: String!): Quote @connect(key: \"{ from: $args.from, to: $args.to }\")",
                "quoteById(id: ID! @nodeId(type: \"Quote\")): Quote @connect(key: \"$args.id\")", StringComparison.Ordinal));

        Assert.Equal("Quote", Assert.Single(model.NodeIdReferences).Name);
    }

    [Fact]
    public void An_id_argument_naming_a_type_that_is_not_a_node_stops_the_start_at_its_place()
    {
        Write(Shared.Replace("quote(from: String!, to: String!): Quote @connect(key: \"{ from: $args.from, to: $args.to }\")",
            "quoteById(id: ID! @nodeId(type: \"Money\")): Quote @connect(key: \"$args.id\")", StringComparison.Ordinal));

        var error = StartFailure(new Dictionary<string, string?> { ["Sources:Quotes:BaseUrl"] = "http://127.0.0.1:9/" });

        Assert.Equal("sources/quotes/quotes.graphql:18:35: @nodeId names 'Money', which is not an object type implementing Node", error.Message);
    }

    private const string Writes = """
        type Item @connect(soap: "GetItems" namespace: "urn:x" body: "{ Ids: { Id: $keys } }" items: "Result" match: "Id" entity: "item") {
          id: ID!
        }
        type ItemConnection { nodes: [Item!]! pageInfo: PageInfo! }
        type RenamePayload { item: Item userErrors: [UserError!]! }
        extend type Query {
          items(first: Int, after: String, ids: [ID!] @length(max: 3)): ItemConnection!
            @connect(soap: "SearchItems" namespace: "urn:x" paging: "offset" body: "{ Page: $page.number, Size: $page.size }" items: "Item" total: "Total")
        }
        extend type Mutation {
          rename(id: ID!, name: String): RenamePayload!
            @userError(if: "$args.name == null", code: "NOTHING", message: "Give a name.")
            @userError(fault: "NotFound", code: "NOT_FOUND", field: "id", message: "'{$args.id}' is unknown.")
            @connect(soap: "Rename" namespace: "urn:x" body: "{ Id: $args.id, Name: $args.name }" select: "{ item: Item, userErrors: [] }" invalidate: "{ item: Item.Id }" publish: "{ renamed: Item }")
        }
        extend type Subscription {
          renamed(id: ID!): Item! @connect(subscribe: "renamed", filter: "Id == $args.id")
        }
        """;

    [Fact]
    public void Paged_fields_mutations_and_event_fed_subscriptions_compile()
    {
        var model = Read(Writes);

        var items = Assert.Single(model.Extensions["Query"]).Connector!;
        Assert.True(items.Paging!.Numbered);
        Assert.False(items.Fetch.RetrySafe);
        var rename = Assert.Single(model.Extensions["Mutation"]).Connector!;
        Assert.Equal(["NOTHING", "NOT_FOUND"], rename.Mutation!.UserErrors.Select(rule => rule.Code));
        Assert.Equal(["id"], rename.Mutation.UserErrors[1].Field);
        Assert.Equal("'7' is unknown.", rename.Mutation.UserErrors[1].Message.Evaluate(new(Args: System.Text.Json.Nodes.JsonNode.Parse("{\"id\":\"7\"}")))!.GetValue<string>());
        var renamed = Assert.Single(model.Extensions["Subscription"]);
        Assert.Null(renamed.Connector);
        Assert.Equal("renamed", renamed.Events!.Channel);
    }

    [Theory]
    [InlineData("paging: \"offset\"", "paging: \"pages\"", 8, "'paging' is \"offset\"")]
    [InlineData("paging: \"offset\"", "paging: \"cursor\"", 8, "a cursor-paged call reads $page.after and $page.limit, not $page.number")]
    [InlineData("Page: $page.number, Size: $page.size", "After: $page.after", 8, "$page.after is the upstream's cursor: it goes with paging: \"cursor\"")]
    [InlineData("paging: \"offset\" body: \"{ Page: $page.number, Size: $page.size }\"", "paging: \"cursor\" body: \"{ After: $page.after }\"", 8, "paging: \"cursor\" needs 'cursor'")]
    [InlineData("total: \"Total\")", "total: \"Total\" more: \"HasMore\")", 8, "'more' says whether a cursor-paged upstream has another page")]
    [InlineData("items(first: Int, after: String,", "items(first: Int,", 7, "a paged field takes 'after: String'")]
    [InlineData("nodes: [Item!]! pageInfo: PageInfo!", "nodes: [Item!]!", 7, "'ItemConnection' needs 'pageInfo'")]
    [InlineData("publish: \"{ renamed: Item }\"", "publish: \"{ renamed: Item }\" total: \"Total\"", 14, "'total' belongs to a paged field; it goes with 'paging'")]
    [InlineData("Name: $args.name }", "Name: $page.number }", 14, "'$page' (the page asked for) is read by 'http' and 'body' of a field with paging")]
    [InlineData("Size: $page.size", "Size: $page.count", 8, "'$page' has offset, limit, number (from 1), size and after")]
    [InlineData("Name: $args.name }", "Name: $key }", 14, "makes one call each time it is resolved: its 'body' reads '$args'")]
    [InlineData("publish: \"{ renamed: Item }\"", "publish: \"{ renamed: Item }\" key: \"$args.id\"", 14, "it has no 'key'")]
    [InlineData("total: \"Total\")", "total: \"Total\") @userError(if: \"true\", code: \"X\", message: \"x\")", 8, "@userError belongs on fields of 'extend type Mutation'")]
    [InlineData("code: \"NOTHING\"", "fault: \"Oops\" code: \"NOTHING\"", 12, "@userError takes either 'if'")]
    [InlineData("code: \"NOTHING\", ", "", 12, "@userError on 'Mutation.rename' needs 'code'")]
    [InlineData("message: \"Give a name.\"", "message: \"Give {Id}.\"", 12, "'message' of @userError reads the arguments ('$args')")]
    [InlineData("invalidate: \"{ item: Item.Id }\"", "invalidate: \"{ itm: Item.Id }\"", 14, "'invalidate' names 'itm', which no @connect of this source caches")]
    [InlineData("invalidate: \"{ item: Item.Id }\"", "invalidate: \"Item.Id\"", 14, "'invalidate' is an object of entity names")]
    [InlineData("total: \"Total\")", "total: \"Total\" publish: \"{ x: Item }\")", 8, "'publish' says what a mutation changes")]
    [InlineData("subscribe: \"renamed\"", "subscribe: \"renamd\"", 17, "no mutation of source 'quotes' publishes 'renamd'")]
    [InlineData("type RenamePayload", "input RenameInput @oneOf(strict: true) { a: String }\ntype RenamePayload", 5, "an input type takes @oneOf")]
    [InlineData("@length(max: 3)", "@range(max: 3)", 7, "@range does not apply to 'ids: ID'")]
    [InlineData("match: \"Id\"", "match: \"Id\" check: \"matches($key, $key)\"", 1, "'matches' takes the pattern as a string literal")]
    public void A_mistake_in_a_paged_field_a_mutation_or_an_event_feed_is_reported_at_its_line(string original, string replacement, int line, string problem)
    {
        Assert.Contains(original, Writes, StringComparison.Ordinal);
        var error = Assert.Throws<SourceFileException>(() => Read(Writes.Replace(original, replacement, StringComparison.Ordinal)));

        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void A_join_to_a_type_the_schema_lacks_stops_the_start_at_its_place()
    {
        Write(Good.Replace("extend type Money", "extend type Mony", StringComparison.Ordinal));

        var error = StartFailure(new Dictionary<string, string?> { ["Sources:Quotes:BaseUrl"] = "http://127.0.0.1:9/" });

        Assert.Equal("sources/quotes/quotes.graphql:6:13: 'extend type Mony': no source defines 'Mony'", error.Message);
    }

    [Fact]
    public void A_source_without_a_base_url_stops_the_start_naming_the_key()
    {
        Write(Good);

        var error = StartFailure([]);

        Assert.Contains("Sources:quotes:BaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sources_path_that_is_not_a_folder_stops_the_start()
    {
        var missing = Path.Combine(_folder, "missing");

        var thrown = Record.Exception(() => new GatewayServer(fixture.Demo, new Dictionary<string, string?> { ["Gateway:SourcesPath"] = missing }).Dispose());

        var messages = new List<string>();
        for (var inner = thrown; inner is not null; inner = inner.InnerException)
        {
            messages.Add(inner.Message);
        }
        Assert.Contains(messages, message => message.StartsWith($"Gateway:SourcesPath is '{missing}', which is not a folder", StringComparison.Ordinal));
    }

    private SourceFileException StartFailure(Dictionary<string, string?> settings)
    {
        settings["Gateway:SourcesPath"] = Path.Combine(_folder, "sources");
        var thrown = Record.Exception(() => new GatewayServer(fixture.Demo, settings).Dispose());
        for (var inner = thrown; inner is not null; inner = inner.InnerException)
        {
            if (inner is SourceFileException error)
            {
                return error;
            }
        }
        throw new Xunit.Sdk.XunitException($"expected the start to fail with a source file error, got {thrown?.ToString() ?? "a start"}");
    }

    private SourceModel Read(string text)
    {
        Write(text);
        return SourceFileReader.Read(Path.Combine(_folder, "sources"));
    }

    private void Write(string text)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_folder, "sources", "quotes"));
        File.WriteAllText(Path.Combine(directory.FullName, "quotes.graphql"), text);
    }
}
