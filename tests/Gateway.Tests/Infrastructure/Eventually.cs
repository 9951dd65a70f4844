namespace Gateway.Tests.Infrastructure;

/// <summary>Waits for a condition that another thread makes true (bounded; fails the test when it does not).</summary>
public static class Eventually
{
    public static async Task WaitUntil(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(20);
        }
    }
}
