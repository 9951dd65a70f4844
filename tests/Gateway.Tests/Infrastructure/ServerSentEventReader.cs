namespace Gateway.Tests.Infrastructure;

/// <summary>Reads a text/event-stream body one event at a time: its type and data (comments, the keep-alives, are skipped).</summary>
public sealed class ServerSentEventReader(Stream stream, TimeSpan? timeout = null) : IDisposable
{
    private readonly StreamReader _reader = new(stream);
    private readonly CancellationTokenSource _timeout = new(timeout ?? TimeSpan.FromSeconds(30));

    public static async Task<ServerSentEventReader> OfAsync(HttpResponseMessage response, TimeSpan? timeout = null) =>
        new(await response.Content.ReadAsStreamAsync(), timeout);

    /// <summary>The next event; the stream ending first is an <see cref="EndOfStreamException"/>.</summary>
    public async Task<(string Event, string Data)> NextAsync()
    {
        string? name = null, data = null;
        while (await _reader.ReadLineAsync(_timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = line[5..].TrimStart();
            }
            else if (line.Length == 0 && name is not null)
            {
                return (name, data ?? "");
            }
        }
        throw new EndOfStreamException("The stream ended.");
    }

    public void Dispose()
    {
        _reader.Dispose();
        _timeout.Dispose();
    }
}
