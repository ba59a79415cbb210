using System;
using System.Linq;
using System.Text.RegularExpressions;
using MailTls.Reporting;
using Xunit;

namespace MailTls.Tests.Reporting;

public class MarkdownReportWriterTests
{
    private static readonly string Text = ReportSamples.Make(ReportSamples.Mixed()).ToText(ReportFormat.Markdown);

    [Fact]
    public void Markdown_EveryTableRow_HasAsManyCellsAsItsHeader()
    {
        var tables = Regex.Split(Text, "\n\n").Where(block => block.StartsWith('|')).ToArray();
        Assert.Equal(5, tables.Length);
        foreach (var table in tables)
        {
            var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var cells = Cells(lines[0]);
            Assert.Matches("^\\|( -+:? \\|)+$", lines[1].Replace("---:", "--:"));
            Assert.All(lines, line => Assert.Equal(cells, Cells(line)));
        }
    }

    [Fact]
    public void Markdown_Domains_AreAllThereWorstFirst()
    {
        var rows = Text.Split('\n').SkipWhile(l => l != "## Domains").Where(l => l.StartsWith("| ") && !l.StartsWith("| Domain") && !l.StartsWith("| ---")).TakeWhile(l => l.StartsWith('|')).ToArray();
        Assert.Equal(9, rows.Length);
        Assert.StartsWith("| &lt;script&gt;alert('domain')&lt;/script&gt;.example | Fail | None | 1 | TLS 1.1 | 40 |", rows[0]);
        Assert.StartsWith("| dane.example | Pass | Dane |", rows[^1]);
    }

    [Fact]
    public void Markdown_HostileText_StaysText()
    {
        Assert.DoesNotContain("<script", Text);
        Assert.DoesNotContain("<img", Text);
        Assert.DoesNotContain("](", Text.Replace("\\](", string.Empty));
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; &amp; \"quoted\" \\| pipe \\*bold\\* \\[link\\](http://evil.example)", Text);
    }

    [Fact]
    public void Markdown_TotalsAndFindings_MatchTheRows()
    {
        Assert.Contains("| Fail | 3 | 33 % |", Text);
        Assert.Contains("| Dane | 1 | 11 % |", Text);
        Assert.Contains("| TLS 1.3 | 4 | 44 % | " + new string('\u2588', 20) + " |", Text);
        Assert.Contains("| TLS 1.2 | 1 | 11 % | " + new string('\u2588', 5) + " |", Text);
        Assert.Contains("| Expired | 1 | 11 % |", Text);
        Assert.Contains("### STARTTLS\\_NOT\\_OFFERED (Error, 2 domains)", Text);
        Assert.Contains("### STARTTLS\\_NOT\\_OFFERED (Error, 2 domains)\n\nmx1.clear.example does not offer STARTTLS: turn it on.\n\n- clear.example\n- **&lt;script&gt;", Text);
    }

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("<b>&", "&lt;b&gt;&amp;")]
    [InlineData("x_y*z`w", "x\\_y\\*z\\`w")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("[x](http://e.example)!", "\\[x\\](http://e.example)!")]
    public void Escape_MarkdownSyntax_BecomesLiteral(string text, string expected) =>
        Assert.Equal(expected, MarkdownReportWriter.Escape(text));

    private static int Cells(string line) => Regex.Matches(line, "(?<!\\\\)\\|").Count - 1;
}
