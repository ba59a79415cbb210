using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using static System.FormattableString;

namespace MailTls.Reporting;

/// <summary>
/// The report as Markdown: the same sections as the HTML page, as tables, for a wiki or a ticket.
/// Values from the rows are escaped so they stay text: no link, emphasis, table cell or HTML tag can
/// come from a domain name or a server's message.
/// </summary>
internal static class MarkdownReportWriter
{
    private const int BarWidth = 20;

    public static void Write(MailTlsReport report, ReportTotals totals, TextWriter output)
    {
        output.WriteLine($"# {Escape(report.Title)}");
        output.WriteLine();
        output.WriteLine(Invariant($"{ReportLabels.Domains(totals.Domains)}{ReportLabels.Checked(totals)}; {totals.MxAddressesProbed} MX addresses probed, {totals.MxWithoutStartTls} without STARTTLS. Report made {ReportLabels.Moment(report.GeneratedAt)} UTC by {ReportLabels.Generator}."));

        Heading(output, "Verdicts");
        output.WriteLine("| Verdict | Domains | Share | Meaning |");
        output.WriteLine("| --- | ---: | ---: | --- |");
        foreach (var verdict in ReportLabels.Verdicts)
        {
            var count = totals.Count(verdict);
            output.WriteLine(Invariant($"| {verdict} | {count} | {totals.Share(count)} | {ReportLabels.Meaning(verdict)} |"));
        }

        Heading(output, "Forced TLS: what a sender could require today");
        output.WriteLine("| Level | Domains | Share | Meaning | Postfix | Exchange TlsAuthLevel |");
        output.WriteLine("| --- | ---: | ---: | --- | --- | --- |");
        foreach (var level in ReportLabels.Levels)
        {
            var count = totals.Count(level);
            output.WriteLine(Invariant($"| {level} | {count} | {totals.Share(count)} | {ReportLabels.Meaning(level)} | `{ReportLabels.Postfix(level)}` | {ReportLabels.Exchange(level)} |"));
        }

        Chart(output, "Lowest TLS version", "Version", totals, ReportLabels.Protocols.Select(b => (ReportLabels.Label(b), totals.Count(b))).ToArray());
        Chart(output, "Certificate expiry", "Expires", totals, ReportLabels.Expiries.Select(b => (ReportLabels.Label(b), totals.Count(b))).ToArray());

        Heading(output, "Domains");
        output.WriteLine("Worst first: Fail, Error, Warn, Pass, then the weakest forced-TLS level.");
        output.WriteLine();
        output.WriteLine("| Domain | Verdict | Forced TLS | MX | Lowest TLS | Days to expiry | MTA-STS | Findings | Summary |");
        output.WriteLine("| --- | --- | --- | ---: | --- | ---: | --- | --- | --- |");
        foreach (var row in report.Rows.OrderBy(r => r, ReportTotals.WorstFirst))
        {
            var codes = string.Join(", ", row.Codes.Select(Escape));
            var days = row.DaysUntilEarliestExpiry?.ToString(CultureInfo.InvariantCulture) ?? ReportLabels.Nothing;
            var mx = row.MxCount?.ToString(CultureInfo.InvariantCulture) ?? ReportLabels.Nothing;
            output.WriteLine($"| {Escape(row.Domain)} | {row.Verdict} | {row.ForcedTls} | {mx} | {ReportLabels.Protocol(row.LowestProtocol)} | {days} | {ReportLabels.MtaSts(row).Text} | {codes} | {Escape(row.Summary)} |");
        }

        Heading(output, "Findings and fixes");
        if (totals.Findings.Count == 0)
        {
            output.WriteLine("No findings: every domain passed every check.");
        }
        else if (totals.Findings.Any(g => g.Domains.Any(d => d.Message is null)))
        {
            output.WriteLine("Rows read back from CSV or JSON carry only their codes: pipe Test-MailDomainTls into Export-MailTlsReport directly to include each domain's advice.");
            output.WriteLine();
        }

        foreach (var group in totals.Findings)
        {
            output.WriteLine($"### {Escape(group.Code)} ({ReportLabels.SeverityLabel(group.Severity)}, {ReportLabels.Domains(group.Domains.Count)})");
            output.WriteLine();
            if (group.Advice is { } advice)
            {
                output.WriteLine(Escape(advice));
                output.WriteLine();
            }

            foreach (var (domain, message) in group.Domains)
            {
                output.WriteLine(message is null || message == group.Advice ? $"- {Escape(domain)}" : $"- **{Escape(domain)}**: {Escape(message)}");
            }

            output.WriteLine();
        }
    }

    /// <summary>
    /// Text as literal Markdown: punctuation that Markdown or a table reads is backslash-escaped,
    /// and &lt; &gt; &amp; become entities, since Markdown passes HTML through.
    /// </summary>
    public static string Escape(string text)
    {
        var cleaned = ReportLabels.Clean(text);
        var escaped = new StringBuilder(cleaned.Length + 8);
        foreach (var c in cleaned)
        {
            switch (c)
            {
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                // With [ and ] escaped no link or image can form, so ( ) ! stay as they are.
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    private static void Chart(TextWriter output, string title, string column, ReportTotals totals, (string Label, int Count)[] bars)
    {
        Heading(output, title);
        output.WriteLine($"| {column} | Domains | Share | |");
        output.WriteLine("| --- | ---: | ---: | --- |");
        var largest = bars.Max(b => b.Count);
        foreach (var (label, count) in bars)
        {
            var length = largest == 0 ? 0 : (int)Math.Round((double)BarWidth * count / largest, MidpointRounding.AwayFromZero);
            var bar = count > 0 ? new string('\u2588', Math.Max(1, length)) : string.Empty;
            output.WriteLine(Invariant($"| {label} | {count} | {totals.Share(count)} | {bar} |"));
        }
    }

    private static void Heading(TextWriter output, string text)
    {
        output.WriteLine();
        output.WriteLine($"## {text}");
        output.WriteLine();
    }
}
