using Gateway.Sources.Common.Authorization;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Resilience;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Common.Validation;
using Gateway.Sources.Crm.Client;
using Gateway.Sources.Crm.Contracts;
using Gateway.Sources.Crm.DataLoaders;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Crm.Types;

/// <summary><c>updateCustomerContact</c>: invalid input comes back as user errors in the payload.</summary>
public sealed class CrmMutationFields : IFieldContributor<MutationGraphType>
{
    public void Contribute(MutationGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UpdateCustomerContactPayloadGraphType>>("updateCustomerContact")
            .RequireScope(CrmScopes.Write)
            .Description("Changes a customer's email and/or phone number in the CRM.")
            .Argument<NonNullGraphType<UpdateCustomerContactInputGraphType>>("input", "The customer and the new contact details.")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<UpdateCustomerContactInput>("input");
                string id;
                try
                {
                    id = CustomerIds.Check(input.Id);
                }
                catch (BadUserInputError error)
                {
                    return UpdateCustomerContactPayload.Failed(new UserError(error.Message, "INVALID_ID", ["input", "id"]));
                }
                if (input.Email is null && input.Phone is null)
                {
                    return UpdateCustomerContactPayload.Failed(new UserError("Give an email, a phone number or both.", "NOTHING_TO_UPDATE", ["input"]));
                }
                if (UpstreamInput.Problem(input.Email, UpstreamWire.Xml, "email", CrmOptions.SourceName) is { } email)
                {
                    return UpdateCustomerContactPayload.Failed(new UserError(email, "INVALID_EMAIL", ["input", "email"]));
                }
                if (UpstreamInput.Problem(input.Phone, UpstreamWire.Xml, "phone", CrmOptions.SourceName) is { } phone)
                {
                    return UpdateCustomerContactPayload.Failed(new UserError(phone, "INVALID_PHONE", ["input", "phone"]));
                }

                var client = context.RequestServices!.GetRequiredService<CrmClient>();
                try
                {
                    var customer = await context.RequestServices!.GetRequiredService<RequestDeadline>().RunAsync(CrmOptions.SourceName,
                        token => client.UpdateCustomerContactAsync(id, input.Email, input.Phone, token));
                    context.RequestServices!.GetRequiredService<CustomerByIdDataLoader>().Prime(customer.Id, customer);
                    foreach (var listener in context.RequestServices!.GetServices<ICustomerChangeListener>())
                    {
                        await listener.CustomerChangedAsync(customer, context.CancellationToken);
                    }
                    return new UpdateCustomerContactPayload(customer, []);
                }
                catch (SoapFaultError fault) when (fault.ClientFault)
                {
                    return UpdateCustomerContactPayload.Failed(fault.FaultCode switch
                    {
                        "NotFound" => new UserError($"Customer '{id}' was not found.", "NOT_FOUND", ["input", "id"]),
                        "InvalidEmail" => new UserError("The email address is not valid.", "INVALID_EMAIL", ["input", "email"]),
                        "InvalidPhone" => new UserError("The phone number is not valid.", "INVALID_PHONE", ["input", "phone"]),
                        _ => new UserError(fault.Message, "INVALID_INPUT", ["input"]),
                    });
                }
            });
    }
}

/// <summary>Told when a mutation changed a customer (cache invalidation and subscriptions hang off this).</summary>
public interface ICustomerChangeListener
{
    Task CustomerChangedAsync(Customer customer, CancellationToken cancellationToken);
}

public sealed class UpdateCustomerContactInput
{
    public string Id { get; set; } = "";

    public string? Email { get; set; }

    public string? Phone { get; set; }
}

public sealed record UpdateCustomerContactPayload(Customer? Customer, IReadOnlyList<UserError> UserErrors)
{
    public static UpdateCustomerContactPayload Failed(UserError error) => new(null, [error]);
}

public sealed class UpdateCustomerContactInputGraphType : InputObjectGraphType<UpdateCustomerContactInput>
{
    public UpdateCustomerContactInputGraphType()
    {
        Name = "UpdateCustomerContactInput";
        Description = "New contact details; fields left out stay as they are.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The customer to change.");
        Field<StringGraphType>("email").Description("The new email address.");
        Field<StringGraphType>("phone").Description("The new phone number.");
    }
}

public sealed class UpdateCustomerContactPayloadGraphType : ObjectGraphType<UpdateCustomerContactPayload>
{
    public UpdateCustomerContactPayloadGraphType()
    {
        Name = "UpdateCustomerContactPayload";
        Description = "The changed customer, or why nothing changed.";
        Field<CustomerGraphType>("customer").Description("The customer as it is now; null when nothing changed.")
            .Resolve(c => c.Source.Customer);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>>("userErrors")
            .Description("Problems with the input; empty on success.").Resolve(c => c.Source.UserErrors);
    }
}
