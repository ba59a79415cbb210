using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using MailTls.Commands.Infrastructure;

namespace MailTls.Commands;

/// <summary>
/// Compare-MailTlsReport: what changed between two Test-MailDomainTls runs, one row per changed column per
/// domain, with the domains of a forced-TLS policy that no longer bear it as errors.
/// </summary>
[Cmdlet(VerbsData.Compare, "MailTlsReport", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.CompareMailTlsReport)]
[OutputType("MailTls.DomainTlsChange")]
[OutputType(typeof(bool))]
public sealed class CompareMailTlsReportCommand : MailTlsCmdlet
{
    private const string PathSet = "Path";
    private const string PathObjectSet = "PathObject";
    private const string ObjectSet = "Object";

    private readonly RunRows _reference = new("the reference run");
    private readonly RunRows _difference = new("the difference run");
    private readonly List<ForcedTlsPolicyEntry> _policy = new();

    /// <summary>The earlier run: a CSV or JSON file of Test-MailDomainTls output.</summary>
    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = PathObjectSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string ReferencePath { get; set; } = string.Empty;

    /// <summary>The later run: a CSV or JSON file of Test-MailDomainTls output.</summary>
    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string DifferencePath { get; set; } = string.Empty;

    /// <summary>The earlier run's rows: DomainTlsReport objects, or Import-Csv / ConvertFrom-Json rows.</summary>
    [Parameter(ParameterSetName = ObjectSet, Mandatory = true)]
    [AllowEmptyCollection]
    public PSObject?[] ReferenceObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>The later run's rows, usually piped straight from Test-MailDomainTls.</summary>
    [Parameter(ParameterSetName = PathObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    [AllowNull]
    public PSObject?[] DifferenceObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>The forced-TLS policy in force: the files Export-ForcedTlsPolicy wrote, its output, or rows with Domain and ForcedTls.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? ForcedTlsPolicy { get; set; }

    /// <summary>Domains in the forced-TLS policy, each held to the level it had in the earlier run.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [DomainNameTransformation]
    public string[]? PolicyDomain { get; set; }

    /// <summary>Return only $true (some change is an Error) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        ReadPolicy();
        if (ParameterSetName is PathSet or PathObjectSet)
        {
            ReadFile(ReferencePath, _reference);
        }

        if (ParameterSetName == PathSet)
        {
            ReadFile(DifferencePath, _difference);
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var row in (DifferenceObject ?? Array.Empty<PSObject?>()).Where(row => row is not null))
        {
            _difference.Add(row, string.Empty, WriteError, WriteWarning);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == ObjectSet)
        {
            foreach (var row in (ReferenceObject ?? Array.Empty<PSObject?>()).Where(row => row is not null))
            {
                _reference.Add(row, string.Empty, WriteError, WriteWarning);
            }
        }

        // An empty run is a failed run, never "nothing changed": a scheduled task must not pass it.
        foreach (var (rows, run) in new[] { (_reference, "reference"), (_difference, "difference") })
        {
            if (rows.States.Count == 0)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new MailTlsException($"The {run} run holds no roll-up rows, so there is nothing to compare. Check the file or command that feeds it: a failed nightly run must not pass for a night without changes."),
                    ErrorIds.NoInput, ErrorCategory.InvalidData, run));
            }
        }

        var changes = DomainTlsComparison.Compare(_reference.States, _difference.States, _policy);
        WriteVerbose($"Compared {_reference.States.Count} domain(s) with {_difference.States.Count}: {changes.Count} change(s), {changes.Count(c => c.Severity == Severity.Error)} of them errors.");
        if (Quiet)
        {
            WriteObject(changes.Any(c => c.Severity == Severity.Error));
            return;
        }

        WriteObject(changes, enumerateCollection: true);
    }

    private void ReadFile(string path, RunRows rows)
    {
        var file = Existing(path);
        IReadOnlyList<PSObject> read;
        try
        {
            read = ReportRows.ReadFile(file);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
        {
            ThrowTerminatingError(ErrorRecords.ReportFileNotRead(file, ex));
            throw;
        }

        for (var i = 0; i < read.Count; i++)
        {
            rows.Add(read[i], $"{file}, row {i + 1}", WriteError, WriteWarning);
        }
    }

    private void ReadPolicyFile(string path)
    {
        var file = Existing(path);
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            ThrowTerminatingError(ErrorRecords.ForcedTlsPolicyNotRead(file, $"{file} could not be read: {ex.Message}"));
            throw;
        }

        var entries = ForcedTlsPolicyReader.Read(text);
        if (entries.Count == 0)
        {
            ThrowTerminatingError(ErrorRecords.ForcedTlsPolicyNotRead(file,
                $"{file} names no domain that it forces TLS to: it is not a Postfix policy table, Exchange connector script, Exim domain file or Sendmail access map that Export-ForcedTlsPolicy writes."));
        }

        WriteVerbose($"The forced-TLS policy {file} covers {entries.Count} domain(s).");
        _policy.AddRange(entries);
    }

    private void ReadPolicy()
    {
        foreach (var item in ForcedTlsPolicy ?? Array.Empty<object>())
        {
            switch (item is PSObject wrapped ? wrapped.BaseObject : item)
            {
                case FileInfo info:
                    ReadPolicyFile(info.FullName);
                    break;
                case string path:
                    ReadPolicyFile(path);
                    break;
                case MailTls.ForcedTlsPolicy exported:
                    _policy.AddRange(exported.GetEntries());
                    break;
                case ForcedTlsPolicyEntry entry:
                    _policy.Add(entry);
                    break;
                default:
                    if (PolicyRow(item) is { } row)
                    {
                        _policy.Add(row);
                    }

                    break;
            }
        }

        foreach (var name in PolicyDomain ?? Array.Empty<string>())
        {
            if (!Dns.DomainName.TryNormalize(name, out var domain, out var reason))
            {
                ThrowTerminatingError(ErrorRecords.InvalidDomainName(name, reason));
            }

            _policy.Add(new ForcedTlsPolicyEntry(domain, level: null));
        }
    }

    // A roll-up row or any object with a Domain (and a ForcedTls to hold it to); a row below Encrypt was in no policy.
    private ForcedTlsPolicyEntry? PolicyRow(object item)
    {
        if (ReportRows.TryRead(item, out var state, out _))
        {
            return state!.ForcedTls >= ForcedTlsLevel.Encrypt ? new ForcedTlsPolicyEntry(state.Domain, state.ForcedTls) : null;
        }

        var name = PSObject.AsPSObject(item).Properties["Domain"]?.Value?.ToString();
        if (!Dns.DomainName.TryNormalize(name, out var domain, out var reason))
        {
            ThrowTerminatingError(ErrorRecords.ForcedTlsPolicyNotRead(item, $"-ForcedTlsPolicy takes policy files, Export-ForcedTlsPolicy output or rows with a Domain; this item's Domain is not usable: {reason}"));
        }

        return new ForcedTlsPolicyEntry(domain, level: null);
    }

    private string Existing(string path)
    {
        var file = GetUnresolvedProviderPathFromPSPath(path);
        if (!File.Exists(file))
        {
            ThrowTerminatingError(ErrorRecords.FileNotFound(path, Directory.Exists(file) ? $"{file} is a folder, not a file." : $"Cannot find the file {file}."));
        }

        return file;
    }
}
