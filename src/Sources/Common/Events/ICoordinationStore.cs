namespace Gateway.Sources.Common.Events;

/// <summary>
/// Small atomic facts shared by the instances (Redis, or memory for one instance): which webhook events were seen,
/// who polls a location this interval, what was last observed there.
/// </summary>
public interface ICoordinationStore
{
    /// <summary>Records <paramref name="key"/> if it is not recorded yet; true for the first caller (SET NX).</summary>
    Task<bool> TryAcquireAsync(string key, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Forgets <paramref name="key"/>, so a later attempt may acquire it.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> and returns what was stored before (SET GET).</summary>
    Task<string?> SwapAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken);
}

public static class CoordinationKeys
{
    public const string Prefix = "gw:v1:coord:";

    public static string For(string purpose, string key) => $"{Prefix}{purpose}:{key}";
}
