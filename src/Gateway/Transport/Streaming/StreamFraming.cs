using System.Text;

namespace Gateway.Transport.Streaming;

/// <summary>
/// How a streamed HTTP response frames its GraphQL responses: its content type, each result, the keep-alive it sends
/// while idle, and how it ends. Two framings share one writer (<see cref="StreamedResponses"/>): GraphQL over SSE and
/// Apollo's multipart HTTP subscriptions.
/// </summary>
public abstract class StreamFraming
{
    /// <summary>GraphQL over Server-Sent Events, distinct connections mode (graphql-sse): <c>next</c> events and a final <c>complete</c>.</summary>
    public static readonly StreamFraming ServerSentEvents = new Sse();

    /// <summary>
    /// Apollo's multipart HTTP protocol for subscriptions (<c>subscriptionSpec=1.0</c>): each result a
    /// <c>multipart/mixed</c> part holding <c>{"payload": result}</c>, <c>{}</c> parts as heartbeats, and the closing
    /// delimiter at the end.
    /// </summary>
    public static readonly StreamFraming MultipartSubscription = new Multipart();

    public abstract string ContentType { get; }

    public abstract byte[] Next(string result);

    public abstract byte[] KeepAlive { get; }

    public abstract byte[] End { get; }

    private sealed class Sse : StreamFraming
    {
        public override string ContentType => "text/event-stream; charset=utf-8";

        public override byte[] Next(string result) => Encoding.UTF8.GetBytes($"event: next\ndata: {result}\n\n");

        public override byte[] KeepAlive { get; } = ":\n\n"u8.ToArray();

        public override byte[] End { get; } = "event: complete\ndata:\n\n"u8.ToArray();
    }

    private sealed class Multipart : StreamFraming
    {
        private const string Boundary = "graphql";
        private const string PartStart = "\r\n--" + Boundary + "\r\nContent-Type: application/json; charset=utf-8\r\n\r\n";

        public override string ContentType => $"multipart/mixed; boundary=\"{Boundary}\"; subscriptionSpec=\"1.0\"";

        public override byte[] Next(string result) => Encoding.UTF8.GetBytes(PartStart + "{\"payload\":" + result + "}");

        public override byte[] KeepAlive { get; } = Encoding.UTF8.GetBytes(PartStart + "{}");

        public override byte[] End { get; } = Encoding.UTF8.GetBytes("\r\n--" + Boundary + "--\r\n");
    }
}
