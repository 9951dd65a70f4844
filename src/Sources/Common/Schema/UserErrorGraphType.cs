using GraphQL.Types;

namespace Gateway.Sources.Common.Schema;

public sealed class UserErrorGraphType : ObjectGraphType<UserError>
{
    public UserErrorGraphType()
    {
        Name = "UserError";
        Description = "Why a mutation did not do what was asked, in terms the client can act on.";
        Field(x => x.Message).Description("What went wrong, readable by people.");
        Field(x => x.Code).Description("A stable code to branch on (for example `INVALID_EMAIL`).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("field")
            .Description("The path of the input field at fault, if one is.")
            .Resolve(context => context.Source.Field);
    }
}
