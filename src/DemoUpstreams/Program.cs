namespace DemoUpstreams;

/// <summary>Runs the demo upstreams standalone: <c>dotnet run --project src/DemoUpstreams --urls http://127.0.0.1:5100</c>.</summary>
public static class Program
{
    public static Task Main(string[] args) => DemoUpstreamsApp.Build(args).RunAsync();
}
