using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Transport;
using Microsoft.Extensions.Options;
using Gateway.Transport.Errors;

namespace Gateway.Security.PersistedOperations;

/// <summary>
/// Turns a request that names a document by hash (<c>documentId: "sha256:&lt;hex&gt;"</c>, or the automatic
/// persisted queries extension <c>persistedQuery.sha256Hash</c>) into one that carries the document, registers
/// documents sent with their hash, and in trusted-documents mode (<c>Only</c>) refuses every document that is not
/// already known. The manifest is loaded when the host starts, so a broken one stops the start.
/// </summary>
public sealed class PersistedDocuments(
    IPersistedDocumentStore store,
    IOptions<PersistedOperationsOptions> options,
    ILogger<PersistedDocuments> logger) : IHostedService
{
    private const string Sha256Prefix = "sha256:";

    private readonly PersistedOperationsOptions _options = options.Value;
    private Dictionary<string, string> _manifest = new(StringComparer.Ordinal);

    private bool Registers => _options.AutomaticRegistration && !_options.Only;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Manifest is { Length: > 0 } path)
        {
            _manifest = LoadManifest(path);
            logger.LogInformation("Loaded {Count} persisted documents from the manifest", _manifest.Count);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The request with its document filled in, or why it cannot be run.</summary>
    public async ValueTask<Refusable<GraphQLHttpRequest>> ResolveAsync(GraphQLHttpRequest request, CancellationToken cancellationToken)
    {
        if (RequestedHash(request).Refused(out var malformed, out var hash))
        {
            return malformed;
        }
        if (hash is null)
        {
            if (_options.Only && request.Query is { } text && !await IsKnownAsync(Hash(text), cancellationToken).ConfigureAwait(false))
            {
                return new PersistedQueryNotAllowedError("This gateway runs only trusted documents: send the documentId of a persisted document.");
            }
            return request;
        }

        if (request.Query is { } query)
        {
            if (!string.Equals(Hash(query), hash, StringComparison.Ordinal))
            {
                return new PersistedQueryHashMismatchError("The document's SHA-256 hash is not the one given.");
            }
            if (await IsKnownAsync(hash, cancellationToken).ConfigureAwait(false))
            {
                return request;
            }
            if (!Registers)
            {
                return new PersistedQueryNotAllowedError("This gateway runs only trusted documents, and this one is not among them.");
            }
            await RegisterAsync(hash, query, cancellationToken).ConfigureAwait(false);
            return request;
        }

        var stored = _manifest.GetValueOrDefault(hash) ?? await LookUpAsync(hash, cancellationToken).ConfigureAwait(false);
        return stored is null
            // The automatic persisted queries protocol: clients recognise this message and resend with the document.
            ? new PersistedQueryNotFoundError("PersistedQueryNotFound")
            : request with { Query = stored };
    }

    /// <summary>Lowercase hex SHA-256 of <paramref name="document"/>'s UTF-8 bytes.</summary>
    public static string Hash(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    private static Refusable<string?> RequestedHash(GraphQLHttpRequest request)
    {
        string? hash = null;
        if (request.DocumentId is { } documentId)
        {
            hash = WithoutPrefix(documentId);
        }
        else if (request.Extensions?.TryGetValue("persistedQuery", out var value) == true)
        {
            if (value is not IReadOnlyDictionary<string, object?> persisted
                || persisted.GetValueOrDefault("version") is not (1 or 1L or 1m or 1d)
                || persisted.GetValueOrDefault("sha256Hash") is not string sha256)
            {
                return new InvalidRequestError("extensions.persistedQuery must be { \"version\": 1, \"sha256Hash\": \"<64 hex digits>\" }.");
            }
            hash = sha256;
        }
        if (hash is null)
        {
            return (string?)null;
        }
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
        {
            return new InvalidRequestError("A persisted document is named by its SHA-256 hash: \"sha256:\" and 64 hex digits.");
        }
        return hash.ToLowerInvariant();
    }

    /// <summary>A document id without its <c>sha256:</c> prefix (the prefix is optional).</summary>
    private static string WithoutPrefix(string id) =>
        id.StartsWith(Sha256Prefix, StringComparison.Ordinal) ? id[Sha256Prefix.Length..] : id;

    private async ValueTask<bool> IsKnownAsync(string hash, CancellationToken cancellationToken) =>
        _manifest.ContainsKey(hash) || await LookUpAsync(hash, cancellationToken).ConfigureAwait(false) is not null;

    private async Task<string?> LookUpAsync(string hash, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(hash, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down: act as if the document were unknown; APQ clients resend it in full.
            logger.LogWarning(ex, "The persisted document store could not be read");
            return null;
        }
    }

    private async Task RegisterAsync(string hash, string query, CancellationToken cancellationToken)
    {
        try
        {
            await store.SetAsync(hash, query, _options.Ttl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The request carries its document, so it still runs; only the registration is lost.
            logger.LogWarning(ex, "The persisted document store could not be written");
        }
    }

    private static Dictionary<string, string> LoadManifest(string path)
    {
        var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"The persisted documents manifest {path} is empty.");
        var manifest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, document) in entries)
        {
            var hash = WithoutPrefix(key).ToLowerInvariant();
            if (!string.Equals(Hash(document), hash, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The persisted documents manifest {path} has an entry whose hash does not match its document: {key}.");
            }
            manifest[hash] = document;
        }
        return manifest;
    }
}
