using System.ComponentModel.DataAnnotations;

namespace Gateway.Security;

/// <summary><c>Gateway:Limits</c>: what one operation may ask for, checked before anything runs.</summary>
public sealed class OperationLimitsOptions
{
    public const string SectionName = "Gateway:Limits";

    /// <summary>Deepest field nesting (introspection excluded, so IDEs can load the schema).</summary>
    [Range(1, 100)]
    public int MaxDepth { get; set; } = 10;

    /// <summary>Aliased fields in one operation (aliases are how one request multiplies upstream work).</summary>
    [Range(1, 10_000)]
    public int MaxAliases { get; set; } = 30;

    /// <summary>Fields at the root of one operation.</summary>
    [Range(1, 1_000)]
    public int MaxRootFields { get; set; } = 20;

    /// <summary>Directives on one field.</summary>
    [Range(1, 100)]
    public int MaxDirectivesPerField { get; set; } = 5;

    /// <summary>Times one response name may be selected in one selection set (the field-duplication attack).</summary>
    [Range(1, 1_000)]
    public int MaxDuplicatedFields { get; set; } = 10;

    /// <summary>
    /// Cost of one operation: each field that selects an object costs 1, and what a list field selects counts once
    /// per item it may return (its <c>ids</c> count, or its <c>first</c>/<c>days</c> argument). See <see cref="OperationCostRule"/>.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxCost { get; set; } = 5_000;

    /// <summary>Items assumed for a sized list field whose size argument is omitted and has no schema default.</summary>
    [Range(1, 10_000)]
    public int DefaultListSize { get; set; } = 10;

    /// <summary>Lexical tokens of the document, counted before it is parsed.</summary>
    [Range(10, 1_000_000)]
    public int MaxTokens { get; set; } = 5_000;

    /// <summary>
    /// Errors in one response; past it the rest are replaced by one error that counts them, so a small request
    /// (thousands of unknown directives) cannot make a response many times its size.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxErrors { get; set; } = 100;

    /// <summary>Operations in one batched request (a JSON array of requests); 1 turns batching off.</summary>
    [Range(1, 100)]
    public int MaxBatchSize { get; set; } = 10;

    /// <summary>Characters of the document.</summary>
    [Range(100, 10_000_000)]
    public int MaxDocumentLength { get; set; } = 20_000;
}
