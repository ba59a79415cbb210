using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using MailTls.Commands.Infrastructure;
using MailTls.TlsRpt;

namespace MailTls.Commands;

/// <summary>Import-TlsRptReport: the aggregate TLS reports senders mail back (RFC 8460), one object per policy per report.</summary>
[Cmdlet(VerbsData.Import, "TlsRptReport", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.ImportTlsRptReport)]
[OutputType("MailTls.TlsRptPolicyResult", "MailTls.TlsRptFailureDetail")]
public sealed class ImportTlsRptReportCommand : FileCmdlet
{
    private readonly TlsRptReportReader _reader = new();

    /// <summary>Report content: JSON text, or the bytes of JSON, gzip or a report e-mail (a string or a byte array, or an array of them).</summary>
    [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IEnumerable InputObject { get; set; } = Array.Empty<object>();

    private protected override string InputDescription => "TLS report files or report contents";

    /// <summary>One flat row per failure detail instead of one object per policy.</summary>
    [Parameter]
    public SwitchParameter ExpandFailures { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var (item, content) in Contents(InputObject))
            {
                var number = CountInput();
                if (content is null)
                {
                    continue;
                }

                using var stream = new MemoryStream(content, writable: false);
                Import(() => (_reader.Read(stream, string.Empty, out var form), form), $"Input object {number}", item);
            }

            return;
        }

        foreach (var file in Files())
        {
            Import(() => (_reader.ReadFile(file, out var form), form), file, file);
        }
    }

    private void Import(Func<(IReadOnlyList<TlsRptPolicyResult> Results, string Form)> read, string source, object target)
    {
        IReadOnlyList<TlsRptPolicyResult> results;
        string form;
        try
        {
            (results, form) = read();
        }
        catch (TlsRptReportException ex)
        {
            WriteError(ReportError(ex, source, target, ParameterSetName == InputObjectSet));
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.FileReadError(source, ex));
            return;
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            // One file must not end the import of the others, whatever went wrong in reading it.
            WriteError(ErrorRecords.Internal(ex, target, $"{source} could not be read: {ex.Message}"));
            return;
        }

        if (VerboseWanted)
        {
            WriteVerbose($"{source}: {form}, {results.Count} {(results.Count == 1 ? "policy" : "policies")}.");
        }

        foreach (var result in results)
        {
            if (ExpandFailures)
            {
                WriteObject(result.FailureDetails, enumerateCollection: true);
            }
            else
            {
                WriteObject(result);
            }
        }
    }

    // Strings are text, byte arrays are content, other collections (an array of either) are unrolled.
    private IEnumerable<(object Item, byte[]? Content)> Contents(IEnumerable input)
    {
        switch (input is PSObject wrapped ? wrapped.BaseObject : input)
        {
            case string text:
                yield return (text, Encoding.UTF8.GetBytes(text));
                yield break;
            case byte[] bytes:
                yield return (bytes, bytes);
                yield break;
        }

        foreach (var item in input)
        {
            switch (item is PSObject element ? element.BaseObject : item)
            {
                case string text:
                    yield return (text, Encoding.UTF8.GetBytes(text));
                    break;
                case byte[] bytes:
                    yield return (bytes, bytes);
                    break;
                default:
                    WriteError(ErrorRecords.InvalidInputObject(item ?? string.Empty, $"Expected report text (a string) or report bytes (a byte array), not {item?.GetType().Name ?? "null"}. To read files, pass -Path or pipe Get-ChildItem."));
                    yield return (item ?? string.Empty, null);
                    break;
            }
        }
    }

    private static ErrorRecord ReportError(TlsRptReportException error, string source, object target, bool fromInput)
    {
        var (id, category) = error.Problem switch
        {
            TlsRptReportProblem.TooLarge => (ErrorIds.TlsRptReportTooLarge, ErrorCategory.LimitsExceeded),
            TlsRptReportProblem.NoReport => (ErrorIds.TlsRptReportNotFound, ErrorCategory.InvalidData),
            _ => (ErrorIds.InvalidTlsRptReport, ErrorCategory.InvalidData),
        };
        var record = new ErrorRecord(new MailTlsException($"{source}: {error.Message}", error), id, category, target);
        if (fromInput)
        {
            record.ErrorDetails = new ErrorDetails(record.Exception.Message)
            {
                RecommendedAction = "Pass the whole report (Get-Content -Raw, or Get-Content -AsByteStream -Raw for gzip). To read files, use -Path or pipe Get-ChildItem.",
            };
        }

        return record;
    }
}
