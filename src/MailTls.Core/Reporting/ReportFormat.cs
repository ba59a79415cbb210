namespace MailTls.Reporting;

/// <summary>What Export-MailTlsReport writes.</summary>
/// <remarks>64-bit and starting at 1, like every MailTls enum (see <see cref="Verdict"/>).</remarks>
public enum ReportFormat : long
{
    /// <summary>One self-contained page: totals, charts, a sortable table of domains, the findings with their fixes.</summary>
    Html = 1,

    /// <summary>The same content as Markdown tables.</summary>
    Markdown,

    /// <summary>The rows as Test-MailDomainTls gives them, with the totals.</summary>
    Json,
}
