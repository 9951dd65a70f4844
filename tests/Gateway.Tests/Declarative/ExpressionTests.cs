using System.Text.Json.Nodes;
using Gateway.Sources.Declarative.Expressions;

namespace Gateway.Tests.Declarative;

/// <summary>The mapping language's functions and list projection, evaluated on their own.</summary>
public sealed class ExpressionTests
{
    private static readonly Scope Sample = new(
        This: JsonNode.Parse("""{ "lat": 52.520049, "lng": 13.40501, "name": "  Ölweg   1,\tZürich ", "PostalCode": "01097", "order": { "createdAt": "DESC" } }"""),
        Args: JsonNode.Parse("""{ "tier": { "eq": "GOLD", "in": ["SILVER", "PARTLY_CLOUDY"] }, "email": null, "id": "007" }"""),
        Keys: JsonNode.Parse("""[{ "point": { "lat": 1, "lng": 2 }, "days": 3 }, { "point": { "lat": 4, "lng": 5 }, "days": 3 }]"""));

    [Theory]
    [InlineData("round($this.lat, 4)", "52.52")]
    [InlineData("round($this.lng, 4)", "13.405")]
    [InlineData("round(2.5)", "2")]
    [InlineData("round(3.5)", "4")]
    [InlineData("round($this.missing, 2)", "null")]
    [InlineData("trim($this.name)", "\"Ölweg   1,\\tZürich\"")]
    [InlineData("squish($this.name)", "\"Ölweg 1, Zürich\"")]
    [InlineData("upper(squish($this.name))", "\"ÖLWEG 1, ZÜRICH\"")]
    [InlineData("lower('ABC')", "\"abc\"")]
    [InlineData("upper(12)", "\"12\"")]
    [InlineData("$keys.point", """[{"lat":1,"lng":2},{"lat":4,"lng":5}]""")]
    [InlineData("$keys.point.lat", "[1,4]")]
    [InlineData("$keys[1].point", """{"lat":4,"lng":5}""")]
    [InlineData("$keys[0].days", "3")]
    [InlineData("{ points: $keys.point, days: $keys[0].days }", """{"points":[{"lat":1,"lng":2},{"lat":4,"lng":5}],"days":3}""")]
    [InlineData("$this.postalCode", "\"01097\"")]
    [InlineData("$this.PostalCode", "\"01097\"")]
    [InlineData("$this.Lat", "52.520049")]
    [InlineData("$this.NAME", "null")]
    [InlineData("1 == 1.0", "true")]
    [InlineData("'a' == 'a' && 'a' != 'b'", "true")]
    [InlineData("$args.email == null || $args.missing == 1", "true")]
    [InlineData("!$args.email && !false", "true")]
    [InlineData("$args.email ? 'given' : 'absent'", "\"absent\"")]
    [InlineData("$args.id ? $args.id + '!' : null", "\"007!\"")]
    [InlineData("[1, 2] == [1, 2] && { a: 1 } != { a: 2 }", "true")]
    [InlineData("pascal('createdAt')", "\"CreatedAt\"")]
    [InlineData("pascal('PARTLY_CLOUDY')", "\"PartlyCloudy\"")]
    [InlineData("pascal(concat($args.tier.eq, $args.tier.in))", """["Gold","Silver","PartlyCloudy"]""")]
    [InlineData("concat($args.missing, null, [null, 1], 2)", "[1,2]")]
    [InlineData("keys($this.order)", """["createdAt"]""")]
    [InlineData("values($this.order) == ['DESC']", "true")]
    [InlineData("pascal(keys($args.missing))", "null")]
    [InlineData("matches($args.id, '^0*[1-9][0-9]{0,9}$')", "true")]
    [InlineData("matches('0', '^0*[1-9][0-9]{0,9}$')", "false")]
    [InlineData("matches('12abc', '^\\d+$')", "false")]
    [InlineData("matches($args.missing, '.*')", "null")]
    public void Evaluates(string expression, string json)
    {
        var value = ExpressionParser.Parse(expression).Evaluate(Sample);

        Assert.Equal(json, value?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null");
    }

    [Fact]
    public void Points_that_differ_after_the_fourth_decimal_round_to_the_same_key_text()
    {
        var key = ExpressionParser.Parse("{ lat: round($this.lat, 4), lng: round($this.lng, 4) }");

        var a = key.Evaluate(new Scope(This: JsonNode.Parse("""{ "lat": 12.34561, "lng": 56.78901 }""")))!.ToJsonString();
        var b = key.Evaluate(new Scope(This: JsonNode.Parse("""{ "lat": 12.345612, "lng": 56.789 }""")))!.ToJsonString();

        Assert.Equal("""{"lat":12.3456,"lng":56.789}""", a);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("nope(1)", 0, "unknown function 'nope'")]
    [InlineData("round()", 0, "'round' takes 1 to 2 arguments")]
    [InlineData("{ a: trim(1, 2) }", 5, "'trim' takes 1 argument")]
    [InlineData("upper($this.name", 16, "expected ')' at the end")]
    public void A_bad_call_is_a_syntax_error_at_its_offset(string expression, int offset, string message)
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(expression));

        Assert.Equal(offset, error.Offset);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}

public sealed class ExpressionSyntaxTests
{
    [Theory]
    [InlineData("matches($key, $args.pattern)", "'matches' takes the pattern as a string literal")]
    [InlineData("matches($key, '[')", "'matches' has a pattern that does not parse")]
    [InlineData("$key ? 1", "expected ':' at the end")]
    [InlineData("$key & 1", "unexpected '&'")]
    [InlineData("$page.offset +", "expected a value")]
    public void A_malformed_expression_is_refused_with_its_reason(string expression, string problem)
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(expression));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
