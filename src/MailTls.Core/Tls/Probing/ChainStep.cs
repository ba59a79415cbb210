namespace MailTls.Tls;

/// <summary>One round of a chain: the server chose an item, chose the pinned item, refused everything offered, or could not be asked.</summary>
internal sealed class ChainStep
{
    private ChainStep(ChainStepKind kind, int item, ProbeOutcome? outcome, string detail)
    {
        Kind = kind;
        Item = item;
        Outcome = outcome;
        Detail = detail;
    }

    public ChainStepKind Kind { get; }

    public int Item { get; }

    public ProbeOutcome? Outcome { get; }

    public string Detail { get; }

    public static ChainStep Chosen(int item, ProbeOutcome outcome) => new(ChainStepKind.Chosen, item, outcome, string.Empty);

    /// <summary>The server chose the item every offer must include (an ECDSA certificate's curve).</summary>
    public static ChainStep Pinned(int item, ProbeOutcome outcome) => new(ChainStepKind.Pinned, item, outcome, string.Empty);

    public static ChainStep Refused(string detail) => new(ChainStepKind.Refused, 0, null, detail);

    public static ChainStep Unknown(string detail) => new(ChainStepKind.Unknown, 0, null, detail);
}

internal enum ChainStepKind
{
    Chosen,
    Pinned,
    Refused,
    Unknown,
}
