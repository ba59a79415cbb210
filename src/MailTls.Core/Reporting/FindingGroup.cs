using System.Collections.Generic;
using System.Linq;

namespace MailTls.Reporting;

/// <summary>One finding code across the report: the domains that have it, each with its own advice when known.</summary>
internal sealed class FindingGroup
{
    private readonly List<(string Domain, string? Message)> _domains = new();

    public FindingGroup(string code) => Code = code;

    public string Code { get; }

    /// <summary>The worst severity seen with this code; null when only codes are known.</summary>
    public Severity? Severity { get; private set; }

    public IReadOnlyList<(string Domain, string? Message)> Domains => _domains;

    /// <summary>The first advice known for this code, shown as the fix.</summary>
    public string? Advice => _domains.Select(d => d.Message).FirstOrDefault(m => m is not null);

    public void Add(string domain, Finding? finding)
    {
        _domains.Add((domain, finding?.Message));
        if (finding is not null && (Severity is null || finding.Severity > Severity))
        {
            Severity = finding.Severity;
        }
    }
}
