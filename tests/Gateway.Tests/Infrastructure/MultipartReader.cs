namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Reads the parts of a <c>multipart/mixed</c> body with boundary <c>graphql</c> one by one, as they arrive: each part's
/// body (one line of JSON here), null after the closing delimiter.
/// </summary>
public sealed class MultipartReader(HttpResponseMessage response) : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private StreamReader? _reader;

    public async Task<string?> NextAsync()
    {
        _reader ??= new StreamReader(await response.Content.ReadAsStreamAsync(_timeout.Token));
        var inHeaders = false;
        while (await _reader.ReadLineAsync(_timeout.Token) is { } line)
        {
            if (line == "--graphql--")
            {
                return null;
            }
            if (line == "--graphql")
            {
                inHeaders = true;
            }
            else if (inHeaders && line.Length == 0)
            {
                return await _reader.ReadLineAsync(_timeout.Token);
            }
        }
        return null;
    }

    /// <summary>Every part left, parsed.</summary>
    public async Task<List<System.Text.Json.JsonElement>> ReadAllAsync()
    {
        var parts = new List<System.Text.Json.JsonElement>();
        while (await NextAsync() is { } part)
        {
            parts.Add(System.Text.Json.JsonDocument.Parse(part).RootElement.Clone());
        }
        return parts;
    }

    public ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        _timeout.Dispose();
        return ValueTask.CompletedTask;
    }
}
