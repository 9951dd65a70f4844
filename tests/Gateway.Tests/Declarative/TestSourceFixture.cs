using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Declarative;

/// <summary>
/// A gateway whose only declarative source is one the test writes into a folder of its own (by default
/// <c>quotes</c>, over the demo's exchange-rates service).
/// </summary>
public abstract class TestSourceFixture : GatewayFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("test-source-").FullName;

    public string Folder => Path.Combine(_folder, "sources");

    public string File => Path.Combine(Folder, Name, $"{Name}.graphql");

    /// <summary>The source's name (its folder).</summary>
    protected virtual string Name => "quotes";

    /// <summary>The demo upstream it wraps, below the demo's address.</summary>
    protected virtual string Upstream => "rates/";

    /// <summary>The source file the gateway starts with.</summary>
    protected abstract string Source { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Gateway:SourcesPath"] = Folder,
        [$"Sources:{Name}:BaseUrl"] = new Uri(Demo.BaseAddress, Upstream).AbsoluteUri,
    };

    protected override Task BeforeStartAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        return System.IO.File.WriteAllTextAsync(File, Source);
    }

    protected override Task AfterStopAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
