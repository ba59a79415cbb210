using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using MailTls.Client;
using MailTls.Commands.Infrastructure;

namespace MailTls.Commands;

/// <summary>
/// Test-MailClientTls: what a mail client gets from the endpoints people send and read mail through
/// (submission 587/465, IMAP 143/993, POP3 110/995): TLS, certificate, and whether a password could
/// cross in clear text before TLS.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "MailClientTls", DefaultParameterSetName = DomainSet, HelpUri = HelpLinks.TestMailClientTls)]
[OutputType("MailTls.MailClientTlsResult")]
public sealed class TestMailClientTlsCommand : SessionCmdlet
{
    private const string DomainSet = "DomainName";
    private const string ComputerSet = "ComputerName";

    private MailClientTlsChecker? _checker;

    public TestMailClientTlsCommand()
        : base(defaultTimeoutSeconds: 10)
    {
    }

    /// <summary>Mail domains whose client endpoints are found through SRV records (RFC 6186, RFC 8314), else the usual names.</summary>
    [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    [DomainNameTransformation]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    /// <summary>Hosts to probe directly, by name or IP address.</summary>
    [Parameter(ParameterSetName = ComputerSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("HostName")]
    [AllowEmptyString]
    [AllowNull]
    public string[] ComputerName { get; set; } = Array.Empty<string>();

    /// <summary>Submission, Imap, Pop3: the protocols to check; all three by default.</summary>
    /// <remarks>Strings, not the core's enum: a value-type field from MailTls.Core would make PowerShell load the
    /// core while it lists the module's types, before the isolating loader is in place.</remarks>
    [Parameter]
    [ValidateSet("Submission", "Imap", "Pop3", IgnoreCase = true)]
    public string[]? Protocol { get; set; }

    /// <summary>Ports to probe instead of the protocol's usual two; needs a single -Protocol.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    /// <summary>Auto (implicit TLS on 465, 993, 995; STARTTLS elsewhere), StartTls or Implicit.</summary>
    [Parameter]
    [ValidateSet("Auto", "StartTls", "Implicit", IgnoreCase = true)]
    public string TlsMode { get; set; } = "Auto";

    /// <summary>The name for SNI and for the certificate check; each endpoint's host name by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServerName { get; set; }

    /// <summary>The name submission probes send with EHLO; this machine's host name by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HeloName { get; set; }

    /// <summary>Root certificates to trust besides the system's: X509Certificate2 objects or PEM/DER file paths.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? TrustedRootCertificate { get; set; }

    /// <summary>Also enumerate each endpoint's TLS versions and cipher suites (as Get-MailTlsCipherSuite does): dozens more connections per endpoint.</summary>
    [Parameter]
    public SwitchParameter IncludeCipherSuites { get; set; }

    protected override string ProgressActivity => "Probing mail client endpoints";

    protected override string InputDescription => ParameterSetName == ComputerSet ? "host names" : "domain names";

    private protected override IReadOnlyList<X509Certificate2> TrustedRoots => ParameterParsing.TrustedRoots(this, TrustedRootCertificate);

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var options = ParameterParsing.ClientOptions(this, Protocol, Port, TlsMode, ServerName, HeloName, Timeout, Session.Trust);
        WriteVerbose($"Protocols {string.Join(", ", options.Protocols)}{(options.Ports.Count > 0 ? ", ports " + string.Join(", ", options.Ports) : string.Empty)}, TLS mode {options.Mode}, EHLO {options.HeloName}{(IncludeCipherSuites ? ", with TLS versions and cipher suites" : string.Empty)}.");
        _checker = Session.ClientChecker(options, IncludeCipherSuites ? TlsEnumerator : null);
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ComputerSet)
        {
            ScheduleHosts(ComputerName, async (host, log, token) => Output(await _checker!.CheckHostAsync(host, log, token).ConfigureAwait(false), host));
        }
        else
        {
            ScheduleDomains(DomainName, async (domain, target, log, token) => Output(await _checker!.CheckDomainAsync(domain, log, token).ConfigureAwait(false), target));
        }
    }

    private static ItemOutput Output(MailClientCheck check, string target)
    {
        var output = new ItemOutput();
        if (check.DnsFailure is not null)
        {
            output.Error(ErrorRecords.FromDnsFailure(check.DnsFailure, target));
        }

        if (check.NotFound is not null)
        {
            output.Error(ErrorRecords.ClientEndpointNotFound(target, check.NotFound));
        }

        foreach (var result in check.Results)
        {
            output.Object(result);
        }

        foreach (var fault in check.Faults)
        {
            output.Error(ErrorRecords.Internal(fault.Error, fault.Target, fault.Message));
        }

        return output;
    }
}
