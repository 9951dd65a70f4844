using Gateway.Sources.Declarative.Schema;
using GraphQL.Types;

namespace Gateway.Schema;

/// <summary>
/// Builds the schema while the gateway starts, so a schema that cannot be built stops the start instead of failing
/// the first request; a source file that names a type the schema lacks is reported at its place in the file.
/// </summary>
public sealed class SchemaStartupCheck(ISchema schema, DeclarativeGraphTypes declarative) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            schema.Initialize();
        }
        catch (Exception ex) when (declarative.Explain(ex) is { } sourceFileError)
        {
            throw sourceFileError;
        }
        declarative.Check(schema);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
