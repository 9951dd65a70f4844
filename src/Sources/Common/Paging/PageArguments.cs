using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Common.Paging;

/// <summary>Checks of <c>first</c> shared by every connection field.</summary>
public static class PageArguments
{
    public const int MaxFirst = 100;

    public static int CheckFirst(int? first, int defaultValue = 10) => first switch
    {
        null => defaultValue,
        < 1 or > MaxFirst => throw new BadUserInputError($"'first' must be between 1 and {MaxFirst}."),
        _ => first.Value,
    };
}
