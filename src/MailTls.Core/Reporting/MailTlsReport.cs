using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace MailTls.Reporting;

/// <summary>
/// The report of one run of Test-MailDomainTls, written as HTML, Markdown or JSON.
/// </summary>
public sealed class MailTlsReport
{
    public const string DefaultTitle = "Mail TLS report";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly IReadOnlyList<ReportRow> _rows;

    /// <param name="title">The heading; empty for <see cref="DefaultTitle"/>.</param>
    /// <param name="generatedAt">When the report is made (the rows carry when each domain was checked).</param>
    /// <param name="rows">The rows, in the order Test-MailDomainTls gave them.</param>
    public MailTlsReport(string? title, DateTimeOffset generatedAt, IEnumerable<ReportRow> rows)
    {
        Title = string.IsNullOrWhiteSpace(title) ? DefaultTitle : title!.Trim();
        GeneratedAt = generatedAt;
        _rows = (rows ?? throw new ArgumentNullException(nameof(rows))).ToArray();
    }

    public string Title { get; }

    public DateTimeOffset GeneratedAt { get; }

    public IReadOnlyList<ReportRow> Rows => _rows;

    /// <summary>Writes the report to <paramref name="stream"/> as UTF-8 without a byte order mark; the stream stays open.</summary>
    public void Write(ReportFormat format, Stream stream)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        var totals = ReportTotals.Of(_rows);
        if (format == ReportFormat.Json)
        {
            JsonReportWriter.Write(this, totals, stream);
            return;
        }

        using var writer = new StreamWriter(stream, Utf8, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        if (format == ReportFormat.Markdown)
        {
            MarkdownReportWriter.Write(this, totals, writer);
        }
        else
        {
            HtmlReportWriter.Write(this, totals, writer);
        }
    }

    /// <summary>The report as one string.</summary>
    public string ToText(ReportFormat format)
    {
        using var buffer = new MemoryStream();
        Write(format, buffer);
        return Utf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
