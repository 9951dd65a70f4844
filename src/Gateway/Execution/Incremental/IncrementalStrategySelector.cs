using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;
using GraphQLParser.AST;

namespace Gateway.Execution.Incremental;

/// <summary>
/// GraphQL.NET's strategies, except for a query or mutation whose transport asked for incremental delivery (the
/// client takes it and the document uses <c>@defer</c> or <c>@stream</c>): every other request runs exactly as before.
/// </summary>
public sealed class IncrementalStrategySelector(IEnumerable<ExecutionStrategyRegistration> registrations)
    : DefaultExecutionStrategySelector(registrations)
{
    public override IExecutionStrategy Select(ExecutionContext context) =>
        context.Operation.Operation is OperationType.Query or OperationType.Mutation && IncrementalDelivery.IsRequested(context)
            ? IncrementalExecutionStrategy.Instance
            : base.Select(context);
}
