using System.Buffers;
using Gateway.Transport;
using Gateway.Transport.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Tests.Transport;

/// <summary>The request reader on its own: refusals are returned, never thrown, and the first one found is the answer.</summary>
public sealed class GraphQLRequestReaderTests
{
    private readonly GraphQLRequestReader _reader = new(new GraphQL.SystemTextJson.GraphQLSerializer());

    [Fact]
    public void A_get_request_is_refused_for_the_first_wrong_parameter_in_the_protocols_order()
    {
        var parameters = new QueryCollection(new Dictionary<string, StringValues>
        {
            ["query"] = "{ a }",
            ["variables"] = "[1]",
            ["documentId"] = new(["x", "y"]),
        });

        var read = _reader.ReadQueryString(parameters);

        var refusal = Assert.IsType<InvalidRequestError>(read.Refusal);
        Assert.Equal("'variables' must be a JSON object.", refusal.Message);
        Assert.Throws<InvalidOperationException>(() => read.Value);
    }

    [Theory]
    [InlineData("", InvalidRequestError.ErrorCode)]
    [InlineData("{\"query\": ", InvalidJsonError.ErrorCode)]
    [InlineData("[]", InvalidRequestError.ErrorCode)]
    [InlineData("[{\"query\": \"{ a }\"}, {\"query\": 1}]", InvalidRequestError.ErrorCode)]
    [InlineData("{\"variables\": {\"a\": 1, \"a\": 2}}", InvalidRequestError.ErrorCode)]
    public void A_body_that_is_not_a_request_is_refused_with_its_code(string body, string code)
    {
        var read = _reader.ReadBodyOrBatch(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal(code, read.Refusal?.Code);
    }

    [Fact]
    public void A_batch_reads_every_request_in_order()
    {
        var read = _reader.ReadBodyOrBatch(new ReadOnlySequence<byte>("[{\"query\": \"{ a }\"}, {\"query\": \"{ b }\", \"operationName\": null}]"u8.ToArray()));

        Assert.False(read.Refused(out _, out var value));
        Assert.True(value.IsBatch);
        Assert.Equal(["{ a }", "{ b }"], value.Requests.Select(r => r.Query));
    }
}
