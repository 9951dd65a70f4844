using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Gateway.Security.PersistedOperations;

/// <summary>The single-instance store: bounded, so registrations cannot grow memory without limit.</summary>
public sealed class MemoryPersistedDocumentStore(IOptions<PersistedOperationsOptions> options, TimeProvider clock) : IPersistedDocumentStore
{
    private readonly ConcurrentDictionary<string, (string Document, DateTimeOffset Expires)> _documents = new(StringComparer.Ordinal);
    private readonly int _capacity = options.Value.MaxEntries;

    public Task<string?> GetAsync(string hash, CancellationToken cancellationToken) =>
        Task.FromResult(_documents.TryGetValue(hash, out var entry) && entry.Expires > clock.GetUtcNow() ? entry.Document : null);

    public Task SetAsync(string hash, string document, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (_documents.Count >= _capacity && !_documents.ContainsKey(hash))
        {
            var now = clock.GetUtcNow();
            foreach (var (key, entry) in _documents)
            {
                if (entry.Expires <= now || _documents.Count >= _capacity)
                {
                    _documents.TryRemove(key, out _);
                }
                if (_documents.Count < _capacity)
                {
                    break;
                }
            }
        }
        _documents[hash] = (document, clock.GetUtcNow() + ttl);
        return Task.CompletedTask;
    }
}
