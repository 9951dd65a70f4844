using System.Reflection;
using System.Text.RegularExpressions;
using Gateway.Tests.Infrastructure;
using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tests.Hosting;

/// <summary>
/// Program.cs lists one <c>Add…</c> call per capability; none depends on another being called first. Built with the
/// calls shuffled, the gateway registers the same services and serves the same schema.
/// </summary>
public sealed partial class RegistrationOrderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Shuffled_registrations_give_the_same_services_and_schema(int seed)
    {
        var registrations = ProgramRegistrations();
        var shuffled = registrations.ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));

        var (inOrder, inOrderSchema) = await BuildAsync(registrations);
        var (reordered, reorderedSchema) = await BuildAsync(shuffled);

        Assert.NotEqual(registrations.Select(m => m.Name), shuffled.Select(m => m.Name));
        Assert.Equal(inOrder, reordered);
        Assert.Equal(inOrderSchema, reorderedSchema);
    }

    /// <summary>The registration methods Program.cs calls, in its order, found in the gateway's assemblies.</summary>
    private static List<MethodInfo> ProgramRegistrations()
    {
        var program = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Gateway", "Program.cs"));
        var names = RegistrationCall().Matches(program).Select(m => m.Groups[1].Value).ToList();
        var gateway = typeof(Program).Assembly;
        var methods = gateway.GetReferencedAssemblies()
            .Where(a => a.Name?.StartsWith("Gateway", StringComparison.Ordinal) == true)
            .Select(Assembly.Load)
            .Append(gateway)
            .SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetParameters() is [{ ParameterType: var type }] && type == typeof(IHostApplicationBuilder))
            .ToLookup(m => m.Name);
        Assert.True(names.Count >= 10, $"Program.cs registers {names.Count} capabilities");
        var missing = names.Where(name => methods[name].Count() != 1).ToList();
        Assert.True(missing.Count == 0, $"not found once: {string.Join(", ", missing)}");
        return [.. names.Select(name => methods[name].Single())];
    }

    /// <summary>Every service registration (type, implementation, lifetime) and the printed schema of a gateway built with <paramref name="registrations"/>.</summary>
    private static async Task<(List<string> Services, string Schema)> BuildAsync(IReadOnlyList<MethodInfo> registrations)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "false",
            ["Gateway:SourcesPath"] = Path.Combine(RepositoryPaths.Root, "sources"),
            ["Gateway:ReloadSources"] = "false",
            ["Gateway:Auth:Issuer"] = TestTokens.Issuer,
            ["Gateway:Auth:Audience"] = TestTokens.Audience,
            ["Gateway:Auth:SigningKey"] = TestTokens.SigningKey,
        });
        foreach (var register in registrations)
        {
            register.Invoke(null, [builder]);
        }
        var services = builder.Services.Select(Describe).Order(StringComparer.Ordinal).ToList();
        await using var app = builder.Build();
        var schema = app.Services.GetRequiredService<ISchema>();
        return (services, schema.Print(new PrintOptions { IncludeDescriptions = true, StringComparison = StringComparison.Ordinal }));
    }

    private static string Describe(ServiceDescriptor descriptor)
    {
        var implementation = descriptor.IsKeyedService
            ? descriptor.KeyedImplementationType?.FullName ?? (descriptor.KeyedImplementationFactory is not null ? "factory" : descriptor.KeyedImplementationInstance?.GetType().FullName)
            : descriptor.ImplementationType?.FullName ?? (descriptor.ImplementationFactory is not null ? "factory" : descriptor.ImplementationInstance?.GetType().FullName);
        return $"{descriptor.ServiceType.FullName} {descriptor.ServiceKey} {implementation} {descriptor.Lifetime}";
    }

    [GeneratedRegex(@"^builder\.(Add\w+)\(\);", RegexOptions.Multiline)]
    private static partial Regex RegistrationCall();
}
