using System.Text.Json.Nodes;
using Gateway.Sources.Declarative.Expressions;

namespace Gateway.Tests.Declarative;

/// <summary>The mapping language's functions and list projection, evaluated on their own.</summary>
public sealed class ExpressionTests
{
    private static readonly Scope Sample = new(
        This: JsonNode.Parse("""{ "lat": 52.520049, "lng": 13.40501, "name": "  Ölweg   1,\tZürich " }"""),
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
