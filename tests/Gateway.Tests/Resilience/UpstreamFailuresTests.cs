using System.Net;
using Gateway.Sources.Common.Http;
using Gateway.Sources.Common.Resilience;
using Polly;
using Polly.Timeout;

namespace Gateway.Tests.Resilience;

public sealed class UpstreamFailuresTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.OK, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Conflict, false)]
    public void A_status_is_the_upstreams_fault_only_when_it_says_the_upstream_failed(HttpStatusCode status, bool upstreamFault)
    {
        using var response = new HttpResponseMessage(status);

        Assert.Equal(upstreamFault, UpstreamFailures.IsUpstreamFault(Outcome.FromResult(response)));
    }

    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, "refused"), true },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), true },
        { new HttpRequestException(HttpRequestError.InvalidResponse, "garbage"), true },
        { new HttpRequestException("reset", new IOException("connection reset")), true },
        { new TimeoutRejectedException(), true },
        // What SocketsHttpHandler throws for a header it cannot write: the request's fault.
        { new HttpRequestException("Request headers must contain only ASCII characters."), false },
        { new InvalidUpstreamRequestException("header 'Idempotency-Key'"), false },
        { new ArgumentException("bad xml character"), false },
        { new FormatException("bad header"), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void An_exception_is_the_upstreams_fault_only_for_transport_failures_and_timeouts(Exception exception, bool upstreamFault) =>
        Assert.Equal(upstreamFault, UpstreamFailures.IsUpstreamFault(Outcome.FromException<HttpResponseMessage>(exception)));
}
