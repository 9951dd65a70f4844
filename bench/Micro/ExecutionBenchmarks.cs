using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Gateway.Security;
using Gateway.Transport;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Bench.Micro;

/// <summary>
/// The gateway's own work for the 50-customer composite query, without the network: parse and validate (on a
/// document cache miss, and on a hit, where only the variable-dependent cost rule runs again), and execution with
/// serialization while every upstream entity is served from the warm in-memory cache.
/// </summary>
[MemoryDiagnoser]
public class ExecutionBenchmarks
{
    private static readonly string Composite =
        "{ customers(ids: [" + string.Join(", ", Enumerable.Range(1, 50).Select(i => $"\"{i}\"")) + "]) " +
        "{ name address { location { weather { temperatureC } } } payments(first: 5) { nodes { amount { value } } } } }";

    private WebApplicationFactory<Program> _factory = null!;
    private IServiceProvider _services = null!;
    private GatewayExecutor _executor = null!;
    private DocumentCache _documents = null!;
    private IDocumentValidator _validator = null!;
    private ISchema _schema = null!;
    private IGraphQLSerializer _serializer = null!;
    private IValidationRule[] _allRules = null!;
    private IValidationRule[] _perRequestRules = null!;
    private readonly ClaimsPrincipal _user = new(new ClaimsIdentity([new Claim("sub", "bench"), new Claim("scope", "payments:read")], "Bench"));
    private readonly GraphQLHttpRequest _request = new(Composite, null, null, null);
    private readonly MemoryStream _output = new();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var demo = $"http://127.0.0.1:{FreePort()}";
        // The gateway's appsettings are copied beside this assembly; tell the factory so instead of a solution search.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GATEWAY", AppContext.BaseDirectory);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["Demo:Enabled"] = "true",
                // The embedded demo listens here, and every source's base URL follows it.
                ["Demo:Url"] = demo,
                ["Logging:LogLevel:Default"] = "Warning",
                // Nothing expires while the benchmark runs: every upstream entity comes from memory.
                ["Sources:Crm:Cache:customer:Ttl"] = "01:00:00",
                ["Sources:Maps:Cache:location:Ttl"] = "01:00:00",
                ["Sources:Weather:Cache:current:Ttl"] = "01:00:00",
                ["Sources:Payments:Cache:page:Ttl"] = "01:00:00",
            })
            {
                web.UseSetting(key, value);
            }
        });
        _services = _factory.Services;
        _executor = _services.GetRequiredService<GatewayExecutor>();
        _documents = _services.GetRequiredService<DocumentCache>();
        _validator = _services.GetRequiredService<IDocumentValidator>();
        _schema = _services.GetRequiredService<ISchema>();
        _schema.Initialize();
        _serializer = _services.GetRequiredService<IGraphQLSerializer>();
        var cost = _services.GetRequiredService<OperationCostRule>();
        _allRules = [.. DocumentValidator.CoreRules, _services.GetRequiredService<OperationLimitsRule>(), _services.GetRequiredService<IntrospectionRule>(), cost];
        _perRequestRules = [cost];

        // Warm the cache (and the document cache) with one real execution against the demo upstreams.
        var warm = await ExecuteAndSerializeAsync();
        if (warm == 0 || System.Text.Encoding.UTF8.GetString(_output.ToArray()).Contains("\"errors\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The warm-up execution failed: " + System.Text.Encoding.UTF8.GetString(_output.ToArray()));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _factory.Dispose();

    [Benchmark]
    public async Task<bool> ParseAndValidate_CacheMiss()
    {
        var document = Parser.Parse(Composite, new ParserOptions { Ignore = IgnoreOptions.Comments });
        return await ValidateAsync(document, _allRules);
    }

    /// <summary>A hit as a document with variables sees it: only the cost rule runs (without variables, nothing does).</summary>
    [Benchmark]
    public async Task<bool> ParseAndValidate_CacheHit() => await ValidateAsync(_documents.GetOrParse(Composite).Value!.Document, _perRequestRules);

    [Benchmark]
    public Task<long> ExecuteAndSerialize_FromMemory() => ExecuteAndSerializeAsync();

    private async Task<bool> ValidateAsync(GraphQLDocument document, IValidationRule[] rules)
    {
        var result = await _validator.ValidateAsync(new ValidationOptions
        {
            Schema = _schema,
            Document = document,
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single(),
            Rules = rules,
            Variables = Inputs.Empty,
            Extensions = Inputs.Empty,
            RequestServices = _services,
            User = _user,
        });
        return result.IsValid ? true : throw new InvalidOperationException(result.Errors[0].Message);
    }

    private async Task<long> ExecuteAndSerializeAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var parsed = (await _executor.PrepareAsync(_request, CancellationToken.None)).Value;
        var result = await _executor.ExecuteAsync(parsed, scope.ServiceProvider, _user, null, CancellationToken.None);
        _output.SetLength(0);
        await _serializer.WriteAsync(_output, result);
        return _output.Length;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
