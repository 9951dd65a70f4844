namespace Gateway.Security.PersistedOperations;

/// <summary>Documents by their SHA-256 hash (lowercase hex): Redis when configured, so all instances share them.</summary>
public interface IPersistedDocumentStore
{
    Task<string?> GetAsync(string hash, CancellationToken cancellationToken);

    Task SetAsync(string hash, string document, TimeSpan ttl, CancellationToken cancellationToken);
}
