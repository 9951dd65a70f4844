using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Schema;

/// <summary>
/// <c>schema/gateway.graphql</c> is the schema as clients see it. A change to the running schema fails this test
/// until the file is updated in the same commit: run the tests with <c>UPDATE_SCHEMA=1</c> and review the diff.
/// </summary>
public sealed class SchemaApprovalTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public void Running_schema_matches_the_approved_sdl()
    {
        var schema = fixture.Gateway.Services.GetRequiredService<ISchema>();
        var printed = schema.Print(new PrintOptions { IncludeDescriptions = true, StringComparison = StringComparison.Ordinal })
            .ReplaceLineEndings("\n").TrimEnd() + "\n";
        var path = Path.Combine(RepositoryRoot(), "schema", "gateway.graphql");

        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(path, printed);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with UPDATE_SCHEMA=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), printed);
    }

    [Fact]
    public void Every_type_and_field_has_a_description()
    {
        var schema = fixture.Gateway.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var missing = new List<string>();
        foreach (var type in schema.AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && t is not ScalarGraphType))
        {
            if (string.IsNullOrWhiteSpace(type.Description))
            {
                missing.Add(type.Name);
            }
            if (type is IComplexGraphType complex)
            {
                missing.AddRange(complex.Fields.Where(f => string.IsNullOrWhiteSpace(f.Description)).Select(f => $"{type.Name}.{f.Name}"));
            }
        }

        Assert.Empty(missing);
    }

    private static string RepositoryRoot()
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
