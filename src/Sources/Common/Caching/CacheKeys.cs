using System.IO.Hashing;
using System.Text;

namespace Gateway.Sources.Common.Caching;

/// <summary>
/// Every cache key and tag is built here: <c>gw:v1:&lt;source&gt;:&lt;entity&gt;:&lt;key&gt;</c>. The version segment
/// changes with the stored shapes, so an upgraded gateway never reads entries written by an older one.
/// </summary>
public static class CacheKeys
{
    public const string Prefix = "gw:v1:";

    public static string Entity(string source, string entity, string key) => $"{Prefix}{source}:{entity}:{key}";

    public static string Tag(string source, string tag) => $"{Prefix}{source}:tag:{tag}";

    /// <summary>A short stable digest for keys made of free text (addresses, filter sets).</summary>
    public static string Digest(string text) =>
        Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text)));
}
