using System;
using System.IO;

namespace MailTls.Reporting;

/// <summary>Which <see cref="ReportFormat"/> a file name asks for.</summary>
public static class ReportFormats
{
    /// <summary>The format a file's extension names (.html, .htm, .md, .markdown, .json); null for any other.</summary>
    public static ReportFormat? FromPath(string path) =>
        (Path.GetExtension(path ?? throw new ArgumentNullException(nameof(path))) ?? string.Empty).ToLowerInvariant() switch
        {
            ".html" or ".htm" => ReportFormat.Html,
            ".md" or ".markdown" => ReportFormat.Markdown,
            ".json" => ReportFormat.Json,
            _ => null,
        };
}
