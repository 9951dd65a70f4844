using Gateway.Sources.Common.Caching;

namespace Gateway.Tests.Caching;

/// <summary>The memo of cache entry names: a name is made once, a known key costs no allocation, and it stays bounded.</summary>
public sealed class CacheKeyMemoTests
{
    [Fact]
    public void A_known_key_gives_the_same_name_without_making_it_or_allocating()
    {
        var memo = new CacheKeyMemo<string>();
        var makes = new Counter();
        var first = memo.GetOrAdd("42", Make, makes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = memo.GetOrAdd("42", Make, makes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Same(first, again);
        Assert.Equal("gw:v1:crm:customer:42", again);
        Assert.Equal(1, makes.Value);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Past_its_capacity_it_starts_over()
    {
        var memo = new CacheKeyMemo<int>(capacity: 3);

        for (var key = 0; key < 3; key++)
        {
            memo.GetOrAdd(key, static (k, _) => k.ToString(System.Globalization.CultureInfo.InvariantCulture), 0);
        }
        var full = memo.Count;
        memo.GetOrAdd(3, static (k, _) => k.ToString(System.Globalization.CultureInfo.InvariantCulture), 0);

        Assert.Equal(3, full);
        Assert.Equal(1, memo.Count);
    }

    private static readonly Func<string, Counter, string> Make = static (key, makes) =>
    {
        makes.Value++;
        return CacheKeys.Entity("crm", "customer", key);
    };

    /// <summary>Counts the makes; made before anything is measured.</summary>
    private sealed class Counter
    {
        public int Value { get; set; }
    }
}
