using GraphQL.Types;

namespace Gateway.Sources.Common.Schema;

/// <summary>Filter on a string: equal to one value, or to any of several.</summary>
public sealed class StringOperationFilter
{
    public string? Eq { get; set; }

    public List<string>? In { get; set; }

    /// <summary>The accepted values, or null when the filter does not restrict.</summary>
    public IReadOnlyList<string>? Values() => Eq is not null ? [Eq, .. In ?? []] : In;
}

public sealed class StringOperationFilterInputGraphType : InputObjectGraphType<StringOperationFilter>
{
    public StringOperationFilterInputGraphType()
    {
        Name = "StringOperationFilterInput";
        Description = "Matches a string equal to `eq` or to any value in `in`.";
        Field<StringGraphType>("eq").Description("Equal to this value.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("in").Description("Equal to one of these values.");
    }
}

/// <summary>Filter on an instant: from and to, both inclusive.</summary>
public sealed class DateTimeOperationFilter
{
    public DateTime? Gte { get; set; }

    public DateTime? Lte { get; set; }
}

public sealed class DateTimeOperationFilterInputGraphType : InputObjectGraphType<DateTimeOperationFilter>
{
    public DateTimeOperationFilterInputGraphType()
    {
        Name = "DateTimeOperationFilterInput";
        Description = "Matches an instant within a range.";
        Field<DateTimeGraphType>("gte").Description("At or after this instant.");
        Field<DateTimeGraphType>("lte").Description("At or before this instant.");
    }
}

/// <summary>Filter on a decimal: a range, both ends inclusive.</summary>
public sealed class DecimalOperationFilter
{
    public decimal? Gte { get; set; }

    public decimal? Lte { get; set; }
}

public sealed class DecimalOperationFilterInputGraphType : InputObjectGraphType<DecimalOperationFilter>
{
    public DecimalOperationFilterInputGraphType()
    {
        Name = "DecimalOperationFilterInput";
        Description = "Matches a number within a range.";
        Field<DecimalGraphType>("gte").Description("Greater than or equal to this value.");
        Field<DecimalGraphType>("lte").Description("Less than or equal to this value.");
    }
}

/// <summary>Filter on an enum: equal to one value, or to any of several.</summary>
public sealed class EnumOperationFilter<TEnum> where TEnum : struct, Enum
{
    public TEnum? Eq { get; set; }

    public List<TEnum>? In { get; set; }

    /// <summary>The accepted values, or null when the filter does not restrict.</summary>
    public IReadOnlyList<TEnum>? Values() => Eq is { } eq ? [eq, .. In ?? []] : In;
}

/// <summary>The input type of <see cref="EnumOperationFilter{TEnum}"/>, named after the enum (<c>CustomerTierOperationFilterInput</c>).</summary>
public sealed class EnumOperationFilterInputGraphType<TEnumGraphType, TEnum> : InputObjectGraphType<EnumOperationFilter<TEnum>>
    where TEnumGraphType : EnumerationGraphType<TEnum>
    where TEnum : struct, Enum
{
    public EnumOperationFilterInputGraphType()
    {
        var name = GraphTypeNames.Of<TEnumGraphType>();
        Name = name + "OperationFilterInput";
        Description = $"Matches a {name} value equal to `eq` or in `in`.";
        Field<TEnumGraphType>("eq").Description("Equal to this value.");
        Field<ListGraphType<NonNullGraphType<TEnumGraphType>>>("in").Description("One of these values.");
    }
}
