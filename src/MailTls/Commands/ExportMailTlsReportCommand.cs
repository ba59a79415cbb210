using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using MailTls.Commands.Infrastructure;
using MailTls.Reporting;

namespace MailTls.Commands;

/// <summary>
/// Export-MailTlsReport: Test-MailDomainTls rows (or the same rows read back from CSV or JSON) as one
/// self-contained HTML page, Markdown or JSON, with totals, charts and the findings' fixes.
/// </summary>
[Cmdlet(VerbsData.Export, "MailTlsReport", DefaultParameterSetName = TextSet, SupportsShouldProcess = true, HelpUri = HelpLinks.ExportMailTlsReport)]
[OutputType(typeof(string), ParameterSetName = new[] { TextSet })]
[OutputType(typeof(FileInfo), ParameterSetName = new[] { PathSet })]
public sealed class ExportMailTlsReportCommand : MailTlsCmdlet
{
    private const string TextSet = "Text";
    private const string PathSet = "Path";

    // Only what the report shows: the probes behind each row are let go as soon as it is read.
    private readonly List<ReportRow> _rows = new();

    // By name: a field of a core value type would load the core with this class, before the module's loader is in place.
    private string _format = nameof(ReportFormat.Html);
    private string? _file;

    /// <summary>Test-MailDomainTls rows, or rows read back with Import-Csv or ConvertFrom-Json.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject?[] InputObject { get; set; } = Array.Empty<PSObject?>();

    /// <summary>The file to write; its extension (.html, .md, .json) gives the format unless -Format does.</summary>
    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Html, Markdown or Json, whatever the file is called.</summary>
    [Parameter]
    [ValidateSet("Html", "Markdown", "Json")]
    public string? Format { get; set; }

    /// <summary>The report's heading; "Mail TLS report" by default.</summary>
    [Parameter]
    public string? Title { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    public SwitchParameter Force { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    public SwitchParameter PassThru { get; set; }

    // A path that cannot be written stops the pipeline before anything upstream starts checking domains.
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ParameterSetName != PathSet)
        {
            _format = TargetFormat(Format ?? _format).ToString();
            return;
        }

        _file = OutputFile.Resolve(this, Path, ErrorRecords.ReportFileNotWritten);
        _format = TargetFormat(Format ?? ReportFormats.FromPath(_file!)?.ToString() ?? Stop(ErrorRecords.ReportFormatUnknown(_file!))).ToString();
        if (File.Exists(_file) && !Force)
        {
            ThrowTerminatingError(ErrorRecords.ReportFileExists(_file!));
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject ?? new PSObject?[] { null })
        {
            if (Read(item) is { } row)
            {
                _rows.Add(row);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_rows.Count == 0)
        {
            WriteError(ErrorRecords.NoInput("Test-MailDomainTls rows"));
            return;
        }

        var report = new MailTlsReport(Title, DateTimeOffset.UtcNow, _rows);
        if (_file is null)
        {
            WriteObject(report.ToText(TargetFormat(_format)));
            return;
        }

        if (!ShouldProcess(_file, $"Write the {_format} report of {_rows.Count} domains"))
        {
            return;
        }

        if (Write(report, _file) is { } written)
        {
            WriteVerbose($"Wrote the {_format} report of {_rows.Count} domains to {written.FullName} ({written.Length} bytes).");
            if (PassThru)
            {
                // Through the provider, as Get-Item gives it: with Mode and the file system view.
                WriteObject(InvokeProvider.Item.Get(new[] { written.FullName }, force: true, literalPath: true), enumerateCollection: true);
            }
        }
    }

    private FileInfo? Write(MailTlsReport report, string file)
    {
        var created = false;
        try
        {
            // CreateNew: a file that appeared since BeginProcessing is not replaced without -Force either.
            using (var stream = new FileStream(file, Force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                created = true;
                report.Write(TargetFormat(_format), stream);
            }

            return new FileInfo(file);
        }
        catch (IOException) when (!created && !Force && File.Exists(file))
        {
            WriteError(ErrorRecords.ReportFileExists(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            if (created)
            {
                // A half-written report must not pass for a whole one.
                File.Delete(file);
            }

            WriteError(ErrorRecords.ReportFileNotWritten(file, ex));
        }

        return null;
    }

    private ReportRow? Read(PSObject? item)
    {
        switch (item?.BaseObject)
        {
            case null:
                WriteError(ErrorRecords.InvalidInputObject(string.Empty, "The input was $null, not a row of Test-MailDomainTls."));
                return null;
            case DomainTlsReport report:
                return ReportRow.From(report);
            case string or ValueType:
                WriteError(ErrorRecords.InvalidInputObject(item.BaseObject, $"Expected rows of Test-MailDomainTls (or the same rows read back with Import-Csv or ConvertFrom-Json), not the {item.BaseObject.GetType().Name} '{item.BaseObject}'. To check domains first: Get-Content domains.txt | Test-MailDomainTls | Export-MailTlsReport -Path report.html"));
                return null;
        }

        try
        {
            return ReportRow.FromFields(name => Field(item, name));
        }
        catch (FormatException ex)
        {
            var domain = Field(item, nameof(ReportRow.Domain))?.ToString();
            WriteError(ErrorRecords.InvalidInputObject(item, string.IsNullOrWhiteSpace(domain) ? ex.Message : $"The row of {domain}: {ex.Message}"));
            return null;
        }
    }

    // A property by name (any case), or a key of a hashtable; PowerShell's wrappers removed.
    private static object? Field(PSObject item, string name)
    {
        var value = item.BaseObject is IDictionary table
            ? table[name]
            : item.Properties[name]?.Value;
        return value is PSObject wrapped ? wrapped.BaseObject : value;
    }

    private static ReportFormat TargetFormat(string name) => (ReportFormat)Enum.Parse(typeof(ReportFormat), name, ignoreCase: true);

    private string Stop(ErrorRecord error)
    {
        ThrowTerminatingError(error);
        return string.Empty;
    }
}
