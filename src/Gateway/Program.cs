var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayCore();
builder.AddGatewayGraphQL(graphQL => { });
var app = builder.Build();
app.MapGatewayHealth();
app.MapGraphQLHttp("/graphql");
app.Run();
public partial class Program;
