using System.Diagnostics.Tracing;

namespace Gateway.Bench.Micro;

/// <summary>
/// Where <c>ExecuteAndSerialize_FromMemory</c>'s allocations go, by type: the runtime's allocation ticks (one event per
/// ~100 KB allocated, naming the type that crossed the line) summed over many executions, and the exact bytes per
/// execution from the thread-independent counter. Run with <c>Micro.dll --allocations [executions]</c>; the list is the
/// profile that explains each allocation change in bench/results.
/// </summary>
public static class AllocationProfile
{
    public static async Task RunAsync(int executions)
    {
        var benchmarks = new ExecutionBenchmarks();
        await benchmarks.SetupAsync();
        try
        {
            // Warm: the JIT's tiering and every lazily built cache settle before anything is counted.
            for (var i = 0; i < 200; i++)
            {
                await benchmarks.ExecuteAndSerialize_FromMemory();
            }
            using var listener = new AllocationListener();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < executions; i++)
            {
                await benchmarks.ExecuteAndSerialize_FromMemory();
            }
            var perExecution = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)executions;
            listener.Dispose();

            var sampled = listener.Bytes.Values.Sum();
            Console.WriteLine($"{executions} executions, {perExecution / 1024:F1} KB allocated per execution (whole process)");
            Console.WriteLine();
            Console.WriteLine("| Type | share of sampled bytes | ~KB per execution |");
            Console.WriteLine("| --- | --- | --- |");
            foreach (var (type, bytes) in listener.Bytes.OrderByDescending(pair => pair.Value).Take(40))
            {
                var share = bytes / (double)sampled;
                Console.WriteLine($"| `{type}` | {share:P1} | {share * perExecution / 1024:F1} |");
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private sealed class AllocationListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly Lock _gate = new();

        public Dictionary<string, long> Bytes { get; } = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null)
            {
                return;
            }
            var names = eventData.PayloadNames!;
            var type = eventData.Payload[names.IndexOf("TypeName")] as string ?? "?";
            var amount = names.IndexOf("AllocationAmount64") is >= 0 and var index ? Convert.ToInt64(eventData.Payload[index], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
            lock (_gate)
            {
                Bytes[type] = Bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}
