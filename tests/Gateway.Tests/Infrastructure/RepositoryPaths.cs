namespace Gateway.Tests.Infrastructure;

/// <summary>Paths in the repository, found from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException("Gateway.sln not found above the test output folder.");
        }
    }

    /// <summary>Banana Cake Pop as the gateway's build installed it (npm ci).</summary>
    public static string Playground =>
        Path.Combine(Root, "src", "Gateway", "Playground", "node_modules", "@chillicream", "bananacakepop-graphql-ide");
}
