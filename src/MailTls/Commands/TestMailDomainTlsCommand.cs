using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.Rollup;
using MailTls.Smtp;

namespace MailTls.Commands;

/// <summary>
/// Test-MailDomainTls: one row per domain for the nightly report: can mail to it travel encrypted today,
/// and which forced-TLS policy could a sender apply without bouncing mail?
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "MailDomainTls", DefaultParameterSetName = DomainSet, HelpUri = HelpLinks.TestMailDomainTls)]
[OutputType("MailTls.DomainTlsReport")]
public sealed class TestMailDomainTlsCommand : SessionCmdlet
{
    private const string DomainSet = "DomainName";
    private const string PathSet = "Path";

    private DomainTlsChecker? _checker;

    public TestMailDomainTlsCommand()
        : base(defaultTimeoutSeconds: 10)
    {
        ThrottleLimit = 64;
    }

    /// <summary>Mail domains, by value or as DomainName/Domain/Name of piped objects (Get-AcceptedDomain).</summary>
    [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    [DomainNameTransformation]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    /// <summary>A file with one domain per line; blank lines and lines starting with # are skipped.</summary>
    [Parameter(ParameterSetName = PathSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Seconds one domain may take in all; past it its row has Verdict Error and says so.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int DomainTimeout { get; set; } = 60;

    /// <summary>Connections open at once to one server address (it falls back by itself when the server answers 421).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int MaxConnectionsPerServer { get; set; } = Bulk.ConnectionGate.DefaultPerAddress;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? TrustedRootCertificate { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HeloName { get; set; }

    /// <summary>Add the per-MX probes and the MTA-STS assessment to each row (Probes, MtaSts), for reading on screen.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <summary>Also scan which TLS versions each MX address accepts (five more connections per address): LowestProtocol then says the oldest accepted, and legacy-only hosts hold ForcedTls at None.</summary>
    [Parameter]
    public SwitchParameter IncludeProtocolScan { get; set; }

    /// <summary>Also check the domain's client endpoints (submission, IMAP, POP3, found as Test-MailClientTls finds them): the ClientEndpoints column.</summary>
    [Parameter]
    public SwitchParameter IncludeClientEndpoints { get; set; }

    /// <summary>Write each row as soon as its domain is done, instead of in input order.</summary>
    [Parameter]
    public SwitchParameter Unordered { get; set; }

    protected override string ProgressActivity => "Checking mail domains";

    private protected override bool KeepInputOrder => !Unordered;

    private protected override IReadOnlyList<X509Certificate2> TrustedRoots => ParameterParsing.TrustedRoots(this, TrustedRootCertificate);

    private protected override int MaxConnectionsPerAddress => MaxConnectionsPerServer;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var probe = ParameterParsing.SmtpOptions(this, SmtpProbeOptions.SmtpPort, SmtpTlsMode.StartTls, serverName: null, HeloName, Timeout, Session.Trust);
        var clients = IncludeClientEndpoints
            ? Session.ClientChecker(ParameterParsing.ClientOptions(this, protocols: null, ports: null, "Auto", serverName: null, HeloName, Timeout, Session.Trust))
            : null;
        _checker = new DomainTlsChecker(Session, Session.SmtpChecker(probe, IncludeProtocolScan ? TlsEnumerator : null), TimeSpan.FromSeconds(DomainTimeout), clients);
        if (ParameterSetName == DomainSet && !MyInvocation.ExpectingInput)
        {
            ExpectedTotal = DomainName?.Length;
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PathSet)
        {
            var domains = ReadDomainFile();
            ExpectedTotal = domains.Count;
            ScheduleDomains(domains, CheckAsync);
        }
        else
        {
            ScheduleDomains(DomainName, CheckAsync);
        }
    }

    private async Task<ItemOutput> CheckAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var report = await _checker!.CheckAsync(domain, log, cancellationToken).ConfigureAwait(false);
        var output = new ItemOutput();
        if (Detailed)
        {
            var row = PSObject.AsPSObject(report);
            row.Properties.Add(new PSNoteProperty("Probes", report.GetProbes().ToArray()));
            row.Properties.Add(new PSNoteProperty("MtaSts", report.GetMtaSts()));
            if (IncludeClientEndpoints)
            {
                row.Properties.Add(new PSNoteProperty("ClientProbes", report.GetClientEndpoints().ToArray()));
            }

            output.Object(row);
        }
        else
        {
            output.Object(report);
        }

        foreach (var fault in report.GetProbeFaults())
        {
            output.Error(ErrorRecords.Internal(fault.Error, $"{fault.Target.Exchange} [{fault.Target.Address}]", fault.Message));
        }

        foreach (var fault in report.GetClientProbeFaults())
        {
            output.Error(ErrorRecords.Internal(fault.Error, fault.Target, fault.Message));
        }

        return output;
    }

    // Read whole before any work starts: the total is known for progress, and a missing file stops the run at once.
    private IReadOnlyList<string?> ReadDomainFile()
    {
        var file = GetUnresolvedProviderPathFromPSPath(Path);
        try
        {
            return File.ReadLines(file)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal))
                .ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            ThrowTerminatingError(ErrorRecords.DomainFileNotRead(file, ex));
            throw;
        }
    }
}
