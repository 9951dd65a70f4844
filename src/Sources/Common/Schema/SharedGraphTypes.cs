namespace Gateway.Sources.Common.Schema;

/// <summary>
/// The shared building blocks a declarative source file may name without any code-first field using them
/// (<c>where: { city: StringOperationFilterInput }</c>): the schema registers each one a file names.
/// </summary>
public static class SharedGraphTypes
{
    public static readonly IReadOnlyDictionary<string, System.Type> ByName = new Dictionary<string, System.Type>(System.StringComparer.Ordinal)
    {
        ["StringOperationFilterInput"] = typeof(StringOperationFilterInputGraphType),
        ["DateTimeOperationFilterInput"] = typeof(DateTimeOperationFilterInputGraphType),
        ["DecimalOperationFilterInput"] = typeof(DecimalOperationFilterInputGraphType),
        ["SortEnumType"] = typeof(SortEnumGraphType),
        ["PageInfo"] = typeof(PageInfoGraphType),
        ["UserError"] = typeof(UserErrorGraphType),
        ["JSON"] = typeof(JsonGraphType),
    };
}
