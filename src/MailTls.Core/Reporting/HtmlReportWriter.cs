using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using static System.FormattableString;

namespace MailTls.Reporting;

/// <summary>
/// The report as one self-contained HTML page: totals, two SVG charts, the domains in a table that a
/// small inline script makes sortable (it reads in full without it), and the findings with their fixes.
/// Every value from the rows is HTML-encoded: names and messages come from DNS and servers.
/// </summary>
internal sealed class HtmlReportWriter
{
    private const int OpenList = 10;

    private readonly MailTlsReport _report;
    private readonly ReportTotals _totals;
    private readonly TextWriter _out;

    private HtmlReportWriter(MailTlsReport report, ReportTotals totals, TextWriter output)
    {
        _report = report;
        _totals = totals;
        _out = output;
    }

    public static void Write(MailTlsReport report, ReportTotals totals, TextWriter output) =>
        new HtmlReportWriter(report, totals, output).Page();

    private void Page()
    {
        Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        Raw($"<meta http-equiv=\"Content-Security-Policy\" content=\"{HtmlReportAssets.ContentSecurityPolicy}\">\n");
        Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        Raw($"<meta name=\"generator\" content=\"{ReportLabels.Generator}\">\n<title>");
        Text(_report.Title);
        Raw("</title>\n<style>");
        Raw(HtmlReportAssets.Style);
        Raw("</style>\n</head>\n<body>\n<main>\n");
        Header();
        Verdicts();
        Charts();
        Levels();
        Domains();
        Findings();
        Raw($"<footer>Made by {ReportLabels.Generator} from Test-MailDomainTls results. Verdict: the worst finding (Error when a domain could not be checked). ");
        Raw("Forced TLS: the strongest policy a sending server could require for the domain today without mail bouncing. Days to expiry: the first MX certificate to expire.</footer>\n");
        Raw("</main>\n<script>");
        Raw(HtmlReportAssets.Script);
        Raw("</script>\n</body>\n</html>\n");
    }

    private void Header()
    {
        Raw("<header>\n<h1>");
        Text(_report.Title);
        Raw("</h1>\n<p class=\"meta\">");
        Raw(Invariant($"<strong>{ReportLabels.Domains(_totals.Domains)}</strong>"));
        Raw(ReportLabels.Checked(_totals));
        Raw(Invariant($" &middot; {_totals.MxAddressesProbed} MX addresses probed, {_totals.MxWithoutStartTls} without STARTTLS"));
        Raw(Invariant($" &middot; {_totals.Findings.Count} finding codes"));
        Raw($" &middot; report made {ReportLabels.Moment(_report.GeneratedAt)} UTC</p>\n</header>\n");
    }

    private void Verdicts()
    {
        Raw("<section aria-labelledby=\"h-verdicts\">\n<h2 id=\"h-verdicts\">Verdicts</h2>\n<div class=\"cards\">\n");
        foreach (var verdict in ReportLabels.Verdicts)
        {
            var count = _totals.Count(verdict);
            Raw(Invariant($"<div class=\"card v-{Lower(verdict)}\"><div class=\"n\">{count}</div><div class=\"l\">{verdict} <span class=\"s\">{_totals.Share(count)}</span></div>"));
            Raw($"<div class=\"s\">{ReportLabels.Meaning(verdict)}</div></div>\n");
        }

        Raw("</div>\n</section>\n");
    }

    private void Charts()
    {
        Raw("<section class=\"charts\" aria-label=\"Charts\">\n<div class=\"chart\">\n<h3>Lowest TLS version</h3>\n");
        SvgBarChart.Write(_out, "chart-protocol", "Domains by the oldest TLS version any of their MX hosts negotiated or accepts",
            ReportLabels.Protocols.Select(b => (ReportLabels.Label(b), _totals.Count(b), ReportLabels.Colour(b))).ToArray(), _totals.Share);
        Raw("\n<p class=\"note\">The oldest version any MX host of the domain negotiated, or accepts when the run had -IncludeProtocolScan. No TLS: no STARTTLS, a failed handshake, or no MX host to probe.</p>\n</div>\n");
        Raw("<div class=\"chart\">\n<h3>Certificate expiry</h3>\n");
        SvgBarChart.Write(_out, "chart-expiry", "Domains by how soon their first MX certificate expires",
            ReportLabels.Expiries.Select(b => (ReportLabels.Label(b), _totals.Count(b), ReportLabels.Colour(b))).ToArray(), _totals.Share);
        Raw("\n<p class=\"note\">When the first certificate among the domain's MX hosts expires. Renew before 14 days are left: some senders warn from 30.</p>\n</div>\n</section>\n");
    }

    private void Levels()
    {
        Raw("<section aria-labelledby=\"h-levels\">\n<h2 id=\"h-levels\">Forced TLS: what a sender could require today</h2>\n");
        Raw("<table class=\"levels\">\n<thead><tr><th>Level</th><th class=\"n\">Domains</th><th class=\"n\">Share</th><th>Meaning</th><th>Postfix</th><th>Exchange TlsAuthLevel</th></tr></thead>\n<tbody>\n");
        foreach (var level in ReportLabels.Levels)
        {
            var count = _totals.Count(level);
            Raw(Invariant($"<tr><td>{level}</td><td class=\"n\">{count}</td><td class=\"n\">{_totals.Share(count)}</td><td>{ReportLabels.Meaning(level)}</td>"));
            Raw($"<td><code>{ReportLabels.Postfix(level)}</code></td><td>{ReportLabels.Exchange(level)}</td></tr>\n");
        }

        Raw("</tbody>\n</table>\n</section>\n");
    }

    private void Domains()
    {
        Raw("<section aria-labelledby=\"h-domains\">\n<h2 id=\"h-domains\">Domains</h2>\n");
        Raw("<p class=\"note\">Worst first: Fail, Error, Warn, Pass, then the weakest forced-TLS level.<span class=\"js-only\"> Click a column heading to sort by it.</span></p>\n");
        // Fixed column widths: a browser lays out (and, after a sort, lays out again) 10,000 rows without measuring every cell first.
        Raw("<table id=\"domains\">\n<colgroup><col class=\"c-domain\"><col class=\"c-verdict\"><col class=\"c-level\"><col class=\"c-mx\"><col class=\"c-tls\"><col class=\"c-days\"><col class=\"c-sts\"><col class=\"c-findings\"><col></colgroup>\n");
        Raw("<thead><tr><th>Domain</th><th aria-sort=\"descending\">Verdict</th><th>Forced TLS</th><th class=\"n\">MX</th><th>Lowest TLS</th>");
        Raw("<th class=\"n\">Days to expiry</th><th>MTA-STS</th><th>Findings</th><th>Summary</th></tr></thead>\n<tbody>\n");
        foreach (var row in _report.Rows.OrderBy(r => r, ReportTotals.WorstFirst))
        {
            Row(row);
        }

        Raw("</tbody>\n</table>\n</section>\n");
    }

    // Each domain's own advice where it differs from the one shown; a plain list of names where not.
    // Short lists show; long ones fold (printing opens them).
    private void Domains(FindingGroup group)
    {
        var own = group.Domains.Any(d => d.Message is not null && d.Message != group.Advice);
        var fold = group.Domains.Count > OpenList;
        if (fold || own)
        {
            Raw(fold ? "<details>" : "<details open>");
            Raw(Invariant($"<summary>{ReportLabels.Domains(group.Domains.Count)}</summary>\n"));
        }

        Raw(own ? "<ul>\n" : "<p class=\"who\">");
        var first = true;
        foreach (var (domain, message) in group.Domains)
        {
            Raw(own ? "<li>" : first ? string.Empty : ", ");
            first = false;
            Raw("<strong>");
            Text(domain);
            Raw("</strong>");
            if (own && message is not null && message != group.Advice)
            {
                Raw(": ");
                Text(message);
            }

            Raw(own ? "</li>\n" : string.Empty);
        }

        Raw(own ? "</ul>\n" : "</p>\n");
        if (fold || own)
        {
            Raw("</details>\n");
        }
    }

    private void Row(ReportRow row)
    {
        Raw("<tr><td data-s=\"");
        Text(row.Domain);
        Raw("\">");
        Text(row.Domain);
        if (row.MxHosts.Length > 0)
        {
            Raw("<span class=\"hosts\">");
            Text(row.MxHosts);
            Raw("</span>");
        }

        Raw(Invariant($"</td><td data-v=\"{ReportLabels.VerdictRank(row.Verdict)}\"><span class=\"badge b-{Lower(row.Verdict)}\">{row.Verdict}</span></td>"));
        Raw(Invariant($"<td data-v=\"{(long)row.ForcedTls}\">{row.ForcedTls}</td>"));
        Raw(Invariant($"<td class=\"n\" data-v=\"{row.MxCount}\">{row.MxCount?.ToString(CultureInfo.InvariantCulture) ?? ReportLabels.Nothing}</td>"));
        Raw(Invariant($"<td data-v=\"{(long?)row.LowestProtocol}\">{ReportLabels.Protocol(row.LowestProtocol)}</td>"));
        Expiry(row);
        var (mtaSts, rank) = ReportLabels.MtaSts(row);
        Raw(Invariant($"<td data-v=\"{rank}\">{mtaSts}</td>"));
        Raw(Invariant($"<td data-v=\"{row.Codes.Count}\">"));
        foreach (var code in row.Codes)
        {
            Raw("<code>");
            Text(code);
            Raw("</code>");
        }

        Raw("</td><td>");
        Text(row.Summary);
        Raw("</td></tr>\n");
    }

    private void Expiry(ReportRow row)
    {
        var days = row.DaysUntilEarliestExpiry;
        var style = days switch
        {
            < 0 => " late",
            < 30 => " soon",
            _ => string.Empty,
        };
        Raw(Invariant($"<td class=\"n{style}\" data-v=\"{days}\""));
        if (row.EarliestCertificateExpiry.Length > 0)
        {
            Raw(" title=\"");
            Text(row.EarliestCertificateExpiry);
            Raw("\"");
        }

        Raw(">");
        Raw(days?.ToString(CultureInfo.InvariantCulture) ?? ReportLabels.Nothing);
        Raw("</td>");
    }

    private void Findings()
    {
        Raw("<section aria-labelledby=\"h-findings\">\n<h2 id=\"h-findings\">Findings and fixes</h2>\n");
        if (_totals.Findings.Count == 0)
        {
            Raw("<p>No findings: every domain passed every check.</p>\n</section>\n");
            return;
        }

        Raw("<p class=\"note\">Each finding code once, errors first, with how many domains have it and what to do.");
        if (_totals.Findings.Any(g => g.Domains.Any(d => d.Message is null)))
        {
            Raw(" Rows read back from CSV or JSON carry only their codes: pipe Test-MailDomainTls into Export-MailTlsReport directly to include each domain&#39;s advice.");
        }

        Raw("</p>\n");
        foreach (var group in _totals.Findings)
        {
            var severity = group.Severity?.ToString().ToLowerInvariant() ?? "unknown";
            Raw($"<article class=\"finding s-{severity}\">\n<h3><code>");
            Text(group.Code);
            Raw($"</code> <span class=\"sev\">&middot; {ReportLabels.SeverityLabel(group.Severity)} &middot; {ReportLabels.Domains(group.Domains.Count)}</span></h3>\n");
            if (group.Advice is { } advice)
            {
                Raw("<p class=\"advice\">");
                Text(advice);
                Raw("</p>\n");
            }

            Domains(group);
            Raw("</article>\n");
        }

        Raw("</section>\n");
    }

    private static string Lower<T>(T value)
        where T : struct => value.ToString()!.ToLowerInvariant();

    private void Raw(string html) => _out.Write(html);

    private void Text(string text) => WebUtility.HtmlEncode(ReportLabels.Clean(text), _out);
}
