namespace MailTls;

/// <summary>
/// One change of one domain between two roll-up runs: a column that changed (Before and After are the
/// column's text, as Export-Csv writes it), or the domain itself Added or Removed. Flat, so the changes
/// of a night export to CSV as they are.
/// </summary>
public sealed class DomainTlsChange
{
    internal DomainTlsChange(string domain, DomainTlsChangeKind change, Severity severity, string message)
    {
        Domain = domain;
        Change = change;
        Severity = severity;
        Message = message;
    }

    public string Domain { get; }

    public DomainTlsChangeKind Change { get; }

    /// <summary>The column that changed; empty for Added and Removed.</summary>
    public string Property { get; internal init; } = string.Empty;

    public string Before { get; internal init; } = string.Empty;

    public string After { get; internal init; } = string.Empty;

    /// <summary>Error: mail the forced-TLS policy covers will bounce or defer. Warning: a degradation to fix. Info: anything else.</summary>
    public Severity Severity { get; }

    /// <summary>What changed and what it means, in one or two sentences.</summary>
    public string Message { get; }

    public override string ToString() => Property.Length == 0
        ? $"{Domain}: {Change}"
        : $"{Domain}: {Change} {Property} {Before} -> {After}";
}
