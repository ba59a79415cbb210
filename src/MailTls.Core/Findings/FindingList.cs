using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace MailTls;

/// <summary>Findings in the order they were made. ToString gives the codes, so Export-Csv writes "CERT_EXPIRED; CERT_UNTRUSTED".</summary>
public sealed class FindingList : ReadOnlyCollection<Finding>
{
    public FindingList(IEnumerable<Finding> findings)
        : base(findings.ToList())
    {
    }

    public static FindingList None { get; } = new(Enumerable.Empty<Finding>());

    /// <summary>The worst severity, or null when there are no findings.</summary>
    public Severity? WorstSeverity => Count == 0 ? null : this.Max(f => f.Severity);

    public bool Contains(string code) => this.Any(f => f.Code == code);

    public override string ToString() => string.Join("; ", this.Select(f => f.Code));
}
