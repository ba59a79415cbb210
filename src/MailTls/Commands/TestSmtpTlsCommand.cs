using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Certificates;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Smtp;

namespace MailTls.Commands;

/// <summary>Test-SmtpTls: what a sending MTA gets from every address of every MX host: STARTTLS, TLS, certificate.</summary>
[Cmdlet(VerbsDiagnostic.Test, "SmtpTls", DefaultParameterSetName = DomainSet)]
[OutputType("MailTls.SmtpTlsResult")]
public sealed class TestSmtpTlsCommand : BulkCmdlet
{
    private const string DomainSet = "DomainName";
    private const string ExchangerSet = "MailExchanger";
    private const string ComputerSet = "ComputerName";

    private SmtpTlsChecker? _checker;

    /// <summary>Mail domains whose MX hosts are probed.</summary>
    [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    /// <summary>Exchangers from Resolve-MailExchanger, probed without asking DNS again.</summary>
    [Parameter(ParameterSetName = ExchangerSet, Mandatory = true, ValueFromPipeline = true)]
    public MailTls.MailExchanger[] MailExchanger { get; set; } = Array.Empty<MailTls.MailExchanger>();

    /// <summary>Hosts to probe directly, by name or IP address.</summary>
    [Parameter(ParameterSetName = ComputerSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("HostName")]
    [AllowEmptyString]
    [AllowNull]
    public string[] ComputerName { get; set; } = Array.Empty<string>();

    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = SmtpProbeOptions.SmtpPort;

    /// <summary>Auto (implicit TLS on 465, STARTTLS elsewhere), StartTls or Implicit.</summary>
    /// <remarks>A string, not the core's enum: a value-type field from MailTls.Core would make PowerShell load the
    /// core while it lists the module's types, before the isolating loader is in place.</remarks>
    [Parameter]
    [ValidateSet(nameof(SmtpTlsMode.Auto), nameof(SmtpTlsMode.StartTls), nameof(SmtpTlsMode.Implicit), IgnoreCase = true)]
    public string TlsMode { get; set; } = nameof(SmtpTlsMode.Auto);

    /// <summary>The name for SNI and for the certificate check; the exchanger's host name by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServerName { get; set; }

    /// <summary>The name sent with EHLO; this machine's host name by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HeloName { get; set; }

    /// <summary>Seconds each step (connect, greeting, each reply, the handshake) may take.</summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; } = 10;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    /// <summary>Root certificates to trust besides the system's: X509Certificate2 objects or PEM/DER file paths.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? TrustedRootCertificate { get; set; }

    protected override string ProgressActivity => "Probing SMTP TLS";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var dns = ParameterParsing.Resolver(this, DnsServer, Timeout);
        var trust = new CertificateTrust(ParameterParsing.TrustedRoots(this, TrustedRootCertificate));
        var mode = (SmtpTlsMode)Enum.Parse(typeof(SmtpTlsMode), TlsMode, ignoreCase: true);
        var options = new SmtpProbeOptions(Port, mode, ServerName, HeloName, TimeSpan.FromSeconds(Timeout), trust);
        WriteVerbose($"Port {options.Port}, {options.Mode}, EHLO {options.HeloName}, {Timeout} s per step; DNS through {dns.ServerList}; {trust.ExtraRoots.Count} extra trusted root(s).");
        _checker = new SmtpTlsChecker(new MailExchangerResolver(dns), new SmtpProber(options), ThrottleLimit);
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ExchangerSet:
                foreach (var group in (MailExchanger ?? Array.Empty<MailTls.MailExchanger>()).Where(m => m is not null).GroupBy(m => m.Domain))
                {
                    var exchangers = group.ToArray();
                    Schedule(group.Key, token => RunAsync((log, t) => _checker!.CheckExchangersAsync(exchangers, log, t), token));
                }

                break;
            case ComputerSet:
                foreach (var input in ComputerName ?? Array.Empty<string>())
                {
                    var host = input?.Trim().Trim('[', ']') ?? string.Empty;
                    if (!AddressText.TryParse(host, out _) && !Dns.DomainName.TryNormalize(host, out _, out var reason))
                    {
                        Schedule(ItemOutput.FromError(ErrorRecords.InvalidComputerName(input ?? string.Empty, reason)));
                        continue;
                    }

                    Schedule(host, token => RunAsync((log, t) => _checker!.CheckHostAsync(host, log, t), token));
                }

                break;
            default:
                ScheduleDomains(DomainName, async (domain, _, log, token) => Objects(await _checker!.CheckDomainAsync(domain, log, token).ConfigureAwait(false)));
                break;
        }
    }

    private async Task<ItemOutput> RunAsync(Func<OperationLog, CancellationToken, Task<IReadOnlyList<SmtpTlsResult>>> check, CancellationToken cancellationToken)
    {
        var log = VerboseWanted ? new OperationLog() : OperationLog.None;
        var results = await check(log, cancellationToken).ConfigureAwait(false);
        var output = new ItemOutput();
        output.Verbose(log.Lines);
        output.Append(Objects(results));
        return output;
    }

    private static ItemOutput Objects(IEnumerable<SmtpTlsResult> results)
    {
        var output = new ItemOutput();
        foreach (var result in results)
        {
            output.Object(result);
        }

        return output;
    }
}
