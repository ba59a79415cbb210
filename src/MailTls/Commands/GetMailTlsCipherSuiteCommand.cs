using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Smtp;
using MailTls.Tls;

namespace MailTls.Commands;

/// <summary>Get-MailTlsCipherSuite: which TLS versions and cipher suites a mail server accepts, classified.</summary>
[Cmdlet(VerbsCommon.Get, "MailTlsCipherSuite", DefaultParameterSetName = DomainSet, HelpUri = HelpLinks.GetMailTlsCipherSuite)]
[OutputType("MailTls.TlsCipherSuite")]
[OutputType("MailTls.TlsProtocolSupport")]
public sealed class GetMailTlsCipherSuiteCommand : SessionCmdlet
{
    private const string ComputerSet = "ComputerName";
    private const string DomainSet = "DomainName";
    private const string ExchangerSet = "MailExchanger";

    private CipherSuiteChecker? _checker;

    public GetMailTlsCipherSuiteCommand()
        : base(defaultTimeoutSeconds: 10)
    {
    }

    /// <summary>Mail domains: every address of every MX host is enumerated.</summary>
    [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    [DomainNameTransformation(LeaveMailExchangers = true)]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    /// <summary>Hosts to enumerate directly, by name (every A/AAAA address) or IP address.</summary>
    [Parameter(ParameterSetName = ComputerSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("HostName")]
    [AllowEmptyString]
    [AllowNull]
    public string[] ComputerName { get; set; } = Array.Empty<string>();

    /// <summary>Exchangers from Resolve-MailExchanger, enumerated without asking DNS again.</summary>
    [Parameter(ParameterSetName = ExchangerSet, Mandatory = true, ValueFromPipeline = true)]
    public MailTls.MailExchanger[] MailExchanger { get; set; } = Array.Empty<MailTls.MailExchanger>();

    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = SmtpProbeOptions.SmtpPort;

    /// <summary>Auto (implicit TLS on 465, STARTTLS elsewhere), StartTls or Implicit.</summary>
    /// <remarks>A string for the same reason as Test-SmtpTls's: no core value type in the cmdlet's signature.</remarks>
    [Parameter]
    [ValidateSet(nameof(SmtpTlsMode.Auto), nameof(SmtpTlsMode.StartTls), nameof(SmtpTlsMode.Implicit), IgnoreCase = true)]
    public string TlsMode { get; set; } = nameof(SmtpTlsMode.Auto);

    /// <summary>The name sent with EHLO; this machine's host name by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HeloName { get; set; }

    /// <summary>One MailTls.TlsProtocolSupport per address instead of one row per accepted suite.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override string ProgressActivity => "Enumerating TLS versions and cipher suites";

    protected override string InputDescription => ParameterSetName switch
    {
        ComputerSet => "host names",
        ExchangerSet => "mail exchangers",
        _ => "domain names",
    };

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var mode = (SmtpTlsMode)Enum.Parse(typeof(SmtpTlsMode), TlsMode, ignoreCase: true);
        var options = ParameterParsing.SmtpOptions(this, Port, mode, serverName: null, HeloName, Timeout, Session.Trust);
        WriteVerbose($"Port {options.Port}, {options.Mode}, EHLO {options.HeloName}, up to {TlsEnumerator.Options.ConnectionsPerEndpoint} connections per address.");
        _checker = new CipherSuiteChecker(Session, TlsEnumerator, options);
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
                ScheduleHosts(ComputerName, async (host, log, token) => Write(await _checker!.CheckHostAsync(host, log, token).ConfigureAwait(false)));
                break;
            default:
                ScheduleDomains(DomainName, async (domain, _, log, token) => Write(await _checker!.CheckDomainAsync(domain, log, token).ConfigureAwait(false)));
                break;
        }
    }

    private async Task<ItemOutput> RunAsync(Func<OperationLog, CancellationToken, Task<IReadOnlyList<CipherSuiteCheck>>> check, CancellationToken cancellationToken)
    {
        var log = VerboseWanted ? new OperationLog() : OperationLog.None;
        var checks = await check(log, cancellationToken).ConfigureAwait(false);
        var output = new ItemOutput();
        output.Verbose(log.Lines);
        output.Append(Write(checks));
        return output;
    }

    private ItemOutput Write(IEnumerable<CipherSuiteCheck> checks)
    {
        var output = new ItemOutput();
        foreach (var check in checks)
        {
            if (check.DnsFailure is not null)
            {
                output.Error(ErrorRecords.FromDnsFailure(check.DnsFailure, check.Target));
            }
            else if (check.Enumeration is null)
            {
                output.Error(ErrorRecords.NothingToProbe(check.Target, check.Problem));
            }
            else if (check.Enumeration.Failure.Length > 0)
            {
                output.Error(ErrorRecords.TlsNotAvailable(check.Target, $"{check.Enumeration.Host} [{check.Enumeration.Address}]:{check.Enumeration.Port}: {check.Enumeration.Failure}"));
            }
            else if (Summary)
            {
                output.Object(TlsReport.Summary(check.Enumeration, _checker!.Opportunistic));
            }
            else
            {
                if (!check.Enumeration.Complete)
                {
                    output.Warning(string.Join(" ", TlsRules.ForEnumeration(check.Enumeration, _checker!.Opportunistic).Where(f => f.Code == FindingCodes.TlsScanIncomplete).Select(f => $"{check.Enumeration.Host} [{check.Enumeration.Address}]: {f.Message}")));
                }

                foreach (var row in TlsReport.CipherSuites(check.Enumeration))
                {
                    output.Object(row);
                }
            }
        }

        return output;
    }
}
