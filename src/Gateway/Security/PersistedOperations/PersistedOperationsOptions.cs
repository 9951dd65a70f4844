using System.ComponentModel.DataAnnotations;

namespace Gateway.Security.PersistedOperations;

/// <summary><c>Gateway:PersistedOperations</c>: documents that clients refer to by hash instead of sending.</summary>
public sealed class PersistedOperationsOptions
{
    public const string SectionName = "Gateway:PersistedOperations";

    /// <summary>
    /// Trusted-documents mode: only documents already stored (from <see cref="Manifest"/> or put into the store
    /// by a deployment) are executed; any other document is refused and clients cannot register new ones.
    /// </summary>
    public bool Only { get; set; }

    /// <summary>
    /// A JSON file mapping SHA-256 hashes (hex) to documents, <c>{ "&lt;hash&gt;": "query { … }" }</c>, loaded into
    /// the store at start. Every entry is checked against its hash.
    /// </summary>
    public string? Manifest { get; set; }

    /// <summary>
    /// Automatic persisted queries: a client that sends a document with its hash registers it, so later requests
    /// can send the hash alone. Ignored (off) when <see cref="Only"/> is set.
    /// </summary>
    public bool AutomaticRegistration { get; set; } = true;

    /// <summary>How long a registered document stays stored after it was last registered.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most documents kept by the in-memory store (the one used without Redis).</summary>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 10_000;
}
