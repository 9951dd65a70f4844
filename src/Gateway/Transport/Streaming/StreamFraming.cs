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
    public static readonly StreamFraming MultipartSubscription = new Multipart(subscription: true, deferSpec: false);

    private static readonly StreamFraming Incremental = new Multipart(subscription: false, deferSpec: false);
    private static readonly StreamFraming IncrementalDefer20220824 = new Multipart(subscription: false, deferSpec: true);

    /// <summary>
    /// Incremental delivery over <c>multipart/mixed</c>: each payload a part as it is (no envelope), and the closing
    /// delimiter after the last; the content type names <c>deferSpec=20220824</c> when the payloads are in the 2022 draft's format.
    /// </summary>
    public static StreamFraming MultipartMixed(Gateway.Execution.Incremental.IncrementalFormat format) =>
        format == Gateway.Execution.Incremental.IncrementalFormat.Defer20220824 ? IncrementalDefer20220824 : Incremental;

    public abstract string ContentType { get; }

    /// <summary>What opens the body, before the first result.</summary>
    public virtual byte[] Start { get; } = [];

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

    private sealed class Multipart(bool subscription, bool deferSpec) : StreamFraming
    {
        // Each part is followed by the delimiter at once, so a reader knows the part is whole without waiting for the
        // next one (which, for a deferred fragment or a quiet subscription, may be long in coming).
        private const string Boundary = "graphql";
        private const string Delimiter = "\r\n--" + Boundary;
        private const string PartHeaders = "\r\nContent-Type: application/json; charset=utf-8\r\n\r\n";

        public override byte[] Start { get; } = Encoding.UTF8.GetBytes(Delimiter);

        public override string ContentType { get; } = $"multipart/mixed; boundary=\"{Boundary}\""
            + (subscription ? "; subscriptionSpec=\"1.0\"" : deferSpec ? "; deferSpec=20220824" : "");

        public override byte[] Next(string result) =>
            Encoding.UTF8.GetBytes(subscription ? PartHeaders + "{\"payload\":" + result + "}" + Delimiter : PartHeaders + result + Delimiter);

        public override byte[] KeepAlive { get; } = Encoding.UTF8.GetBytes(PartHeaders + "{}" + Delimiter);

        public override byte[] End { get; } = "--\r\n"u8.ToArray();
    }
}
