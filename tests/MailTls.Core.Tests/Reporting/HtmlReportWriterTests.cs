using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MailTls.Reporting;
using Xunit;

namespace MailTls.Tests.Reporting;

public class HtmlReportWriterTests
{
    private static readonly string Page = ReportSamples.Make(ReportSamples.Mixed()).ToText(ReportFormat.Html);

    [Fact]
    public void Html_HostileDomainAndMessage_AreEncodedEverywhere()
    {
        Assert.DoesNotContain(ReportSamples.HostileDomain, Page);
        Assert.DoesNotContain("<img", Page);
        Assert.Contains("&lt;script&gt;alert(&#39;domain&#39;)&lt;/script&gt;.example", Page);
        Assert.Contains("data-s=\"&lt;script&gt;alert(&#39;domain&#39;)&lt;/script&gt;.example\"", Page);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;", Page);
        // The page's own script is the only one.
        Assert.Single(Regex.Matches(Page, "<script", RegexOptions.IgnoreCase));
    }

    [Fact]
    public void Html_BidiOverrideInData_IsReplaced()
    {
        Assert.DoesNotContain("\u202E", Page, StringComparison.Ordinal);
        Assert.Contains("\uFFFDgnp.exe", Page);
    }

    [Fact]
    public void Html_LoadsNothingFromElsewhere_AndItsPolicyAllowsOnlyItsOwnStyleAndScript()
    {
        var page = ReportSamples.Make(ReportSamples.Mixed().Where(r => !r.Domain.Contains('<'))).ToText(ReportFormat.Html);
        foreach (var reference in new[] { "src=", "href=", "url(", "@import", "http:", "https:", "//" })
        {
            Assert.DoesNotContain(reference, page);
        }

        var style = Between(page, "<style>", "</style>");
        var script = Between(page, "<script>", "</script>");
        var policy = Regex.Match(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").Groups[1].Value;
        Assert.StartsWith("default-src 'none'", policy);
        Assert.Contains($"style-src 'sha256-{Sha256(style)}'", policy);
        Assert.Contains($"script-src 'sha256-{Sha256(script)}'", policy);
    }

    [Fact]
    public void Html_VerdictCards_CountEachVerdict()
    {
        Assert.Equal(2, Card("pass"));
        Assert.Equal(3, Card("warn"));
        Assert.Equal(3, Card("fail"));
        Assert.Equal(1, Card("error"));
        Assert.Contains("<strong>9 domains</strong>", Page);
        Assert.Contains("checked 2026-12-01 02:00 to 02:07 UTC", Page);
    }

    [Fact]
    public void Html_ForcedTlsTable_CountsEachLevel()
    {
        var counts = Regex.Matches(Page, "<tr><td>(Dane|Verify|Encrypt|None)</td><td class=\"n\">(\\d+)</td>")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        Assert.Equal(new[] { 1, 3, 1, 4 }, new[] { counts["Dane"], counts["Verify"], counts["Encrypt"], counts["None"] });
    }

    [Theory]
    [InlineData("chart-protocol", new[] { 4, 1, 1, 1, 2 })]
    [InlineData("chart-expiry", new[] { 1, 1, 1, 4, 2 })]
    public void Html_ChartBars_AreProportionalToTheirCounts(string chart, int[] expected)
    {
        var bars = Bars(Page, chart);
        Assert.Equal(expected, bars.Select(b => b.Count).ToArray());
        var largest = expected.Max();
        foreach (var (count, width) in bars)
        {
            Assert.Equal(SvgBarChart.BarLength(count, largest), width);
            Assert.InRange(width, SvgBarChart.BarSpace * count / (double)largest - 0.5, Math.Max(SvgBarChart.MinimumBar, SvgBarChart.BarSpace * count / (double)largest + 0.5));
        }

        Assert.Equal(SvgBarChart.BarSpace, bars.Max(b => b.Width));
    }

    [Fact]
    public void Html_DomainTable_HasEveryRowWorstFirstWithSortKeys()
    {
        var table = Between(Page, "<table id=\"domains\">", "</table>");
        var headings = Regex.Matches(Between(table, "<thead>", "</thead>"), "<th[ >]").Count;
        var rows = Regex.Matches(Between(table, "<tbody>", "</tbody>"), "<tr>(.*?)</tr>").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(9, headings);
        Assert.Equal(9, rows.Length);
        Assert.All(rows, row => Assert.Equal(headings, Regex.Matches(row, "<td[ >]").Count));
        Assert.Contains("<th aria-sort=\"descending\">Verdict</th>", table);

        var verdicts = rows.Select(r => Regex.Match(r, "class=\"badge b-(\\w+)\"").Groups[1].Value).ToArray();
        Assert.Equal(new[] { "fail", "fail", "fail", "error", "warn", "warn", "warn", "pass", "pass" }, verdicts);

        var expired = rows.Single(r => r.Contains("data-s=\"expired.example\""));
        Assert.Contains("<td class=\"n late\" data-v=\"-3\" title=\"2026-11-28T02:00:00Z\">-3</td>", expired);
        Assert.Contains("<td data-v=\"1\"><code>CERT_EXPIRED</code></td>", expired);
        Assert.Contains(">expired.example<span class=\"hosts\">mx1.expired.example</span></td>", expired);
        var clear = rows.Single(r => r.Contains("data-s=\"clear.example\""));
        Assert.Contains("<td class=\"n\" data-v=\"\">\u2014</td>", clear);
    }

    [Fact]
    public void Html_Findings_GroupByCodeWithCountsAndAdvice()
    {
        var findings = Page[Page.IndexOf("id=\"h-findings\"", StringComparison.Ordinal)..];
        var codes = Regex.Matches(findings, "<h3><code>([A-Z_]+)</code> <span class=\"sev\">&middot; (\\w+) &middot; (\\d+) domains?</span>")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, int.Parse(m.Groups[3].Value))).ToArray();
        Assert.Equal(("STARTTLS_NOT_OFFERED", "Error", 2), codes[0]);
        Assert.Contains(("CERT_EXPIRING_SOON", "Warning", 2), codes);
        Assert.Contains("<p class=\"advice\">mx1.clear.example does not offer STARTTLS: turn it on.</p>", findings);
        Assert.Contains("<li><strong>clear.example</strong></li>", findings);
        Assert.Contains("<li><strong>&lt;script&gt;alert(&#39;domain&#39;)&lt;/script&gt;.example</strong>: Banner said &lt;img", findings);
        Assert.DoesNotContain("carry only their codes", findings);
        Assert.Contains("<code>CERT_EXPIRING_SOON</code> <span class=\"sev\">&middot; Warning &middot; 2 domains</span></h3>\n<p class=\"advice\">The certificate of mx1.tls12.example expires in 20 days: renew it.</p>\n<details open>", findings);
        Assert.Contains("<code>DNS_NAME_NOT_FOUND</code> <span class=\"sev\">&middot; Error &middot; 1 domain</span></h3>\n<p class=\"advice\">gone.example does not exist in DNS (NXDOMAIN).</p>\n<p class=\"who\"><strong>gone.example</strong></p>", findings);
    }

    [Fact]
    public void Html_RowsFromCsv_ShowCodesAndSayTheAdviceIsMissing()
    {
        var rows = new[] { ReportSamples.Report("expired.example", verdict: Verdict.Warn, days: -3, findings: new[] { ReportSamples.Expired("expired.example") }) }
            .Select(ReportSamples.FromCsv);
        var page = ReportSamples.Make(rows).ToText(ReportFormat.Html);
        Assert.Contains("<code>CERT_EXPIRED</code> <span class=\"sev\">&middot; Severity not known &middot; 1 domain</span>", page);
        Assert.Contains("Rows read back from CSV or JSON carry only their codes", page);
        Assert.Contains("<p class=\"who\"><strong>expired.example</strong></p>", page);
        Assert.DoesNotContain("<p class=\"advice\">", page);
        Assert.DoesNotContain("renew it", page);
    }

    [Fact]
    public void Html_LongDomainLists_Fold()
    {
        var rows = Enumerable.Range(0, 12).Select(i => ReportSamples.Report($"d{i}.example", Verdict.Warn, findings: new[] { new Finding(FindingCodes.TlsRptMissing, Severity.Warning, "Publish a TLS-RPT record.") }));
        var page = ReportSamples.Make(rows.Select(ReportRow.From)).ToText(ReportFormat.Html);
        Assert.Contains("<details><summary>12 domains</summary>\n<p class=\"who\"><strong>d0.example</strong>, <strong>d1.example</strong>", page);
    }

    [Fact]
    public void Html_Title_IsEncodedAndDefaulted()
    {
        Assert.Contains("<title>Mail TLS report</title>", Page);
        var page = ReportSamples.Make(ReportSamples.Mixed(), "Partners </title><script>x</script>").ToText(ReportFormat.Html);
        Assert.Contains("<title>Partners &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>", page);
    }

    [Fact]
    public void Html_NoRowsAtAll_StillMakesAPage()
    {
        var page = ReportSamples.Make(Array.Empty<ReportRow>()).ToText(ReportFormat.Html);
        Assert.Contains("<strong>0 domains</strong>", page);
        Assert.Contains("No findings", page);
        Assert.All(Bars(page, "chart-protocol"), b => Assert.Equal(0, b.Width));
    }

    internal static (int Count, int Width)[] Bars(string page, string chart) =>
        Regex.Matches(Between(page, $"<svg id=\"{chart}\"", "</svg>"), "<rect class=\"bar\"[^>]* width=\"(\\d+)\"[^>]* data-count=\"(\\d+)\"")
            .Select(m => (int.Parse(m.Groups[2].Value), int.Parse(m.Groups[1].Value))).ToArray();

    internal static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found");
        from += start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static int Card(string verdict) =>
        int.Parse(Regex.Match(Page, $"<div class=\"card v-{verdict}\"><div class=\"n\">(\\d+)</div>").Groups[1].Value);

    private static string Sha256(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
