using System;
using System.Collections.Generic;
using System.Linq;

namespace MailTls.TlsRpt;

/// <summary>A report as read so far: fields may come in any order, so results are built at the end.</summary>
internal sealed class ReportDraft
{
    public string? Organization { get; set; }

    public string? ContactInfo { get; set; }

    public string? ReportId { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public List<PolicyDraft> Policies { get; } = new();

    public List<string> Notes { get; } = new();

    /// <summary>Policies, failure details and list items read so far, against the parser's cap.</summary>
    public int Entries { get; set; }

    public void NoteMissing()
    {
        if (Organization is null)
        {
            Notes.Add("organization-name is missing.");
        }

        if (ReportId is null)
        {
            Notes.Add("report-id is missing.");
        }

        if (Start is null && End is null && !Notes.Any(n => n.Contains("-datetime")))
        {
            Notes.Add("date-range is missing.");
        }
    }

    public IReadOnlyList<TlsRptPolicyResult> ToResults(string sourceFile) =>
        Policies.Select(p => p.ToResult(this, sourceFile)).ToList();
}
