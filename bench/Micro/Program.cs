using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Gateway.Bench.Micro;

/// <summary>
/// Runs the micro-benchmarks in-process, so the gateway's own Program and content root are found as in tests; the
/// short job keeps bench/run.sh within its time budget. BenchmarkDotNet arguments pass through (--filter, --exporters).
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        if (args is ["--allocations", ..])
        {
            AllocationProfile.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3000).GetAwaiter().GetResult();
            return;
        }
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        // Everything unless the arguments choose.
        string[] run = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
        BenchmarkSwitcher.FromAssembly(typeof(ExecutionBenchmarks).Assembly).Run(run, config);
    }
}
