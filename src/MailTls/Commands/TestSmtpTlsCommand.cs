using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Smtp;

namespace MailTls.Commands;

/// <summary>Test-SmtpTls: what a sending MTA gets from every address of every MX host: STARTTLS, TLS, certificate.</summary>
[Cmdlet(VerbsDiagnostic.Test, "SmtpTls", DefaultParameterSetName = DomainSet, HelpUri = HelpLinks.TestSmtpTls)]
[OutputType("MailTls.SmtpTlsResult")]
public sealed class TestSmtpTlsCommand : SessionCmdlet
{
    private const string DomainSet = "DomainName";
    private const string ExchangerSet = "MailExchanger";
    private const string ComputerSet = "ComputerName";

    private readonly List<MailTls.MailExchanger> _pendingExchangers = new();
    private readonly Dictionary<string, HashSet<string>> _exchangersSeen = new(StringComparer.OrdinalIgnoreCase);
    private SmtpTlsChecker? _checker;

    public TestSmtpTlsCommand()
        : base(defaultTimeoutSeconds: 10)
    {
    }

    /// <summary>Mail domains whose MX hosts are probed.</summary>
    [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    [DomainNameTransformation(LeaveMailExchangers = true)]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    /// <summary>Exchangers from Resolve-MailExchanger, probed at their addresses without asking DNS for them again.</summary>
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

    /// <summary>The name sent with EHLO: a host name or an address literal; this machine's host name by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HeloName { get; set; }

    /// <summary>Root certificates to trust besides the system's: X509Certificate2 objects or PEM/DER file paths.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? TrustedRootCertificate { get; set; }

    /// <summary>Also scan which TLS versions each address accepts (five more connections per address): legacy versions, LowestProtocol.</summary>
    [Parameter]
    public SwitchParameter IncludeProtocolScan { get; set; }

    protected override string ProgressActivity => "Probing SMTP TLS";

    protected override string InputDescription => ParameterSetName switch
    {
        ComputerSet => "host names",
        ExchangerSet => "mail exchangers",
        _ => "domain names",
    };

    private protected override IReadOnlyList<X509Certificate2> TrustedRoots => ParameterParsing.TrustedRoots(this, TrustedRootCertificate);

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var mode = (SmtpTlsMode)Enum.Parse(typeof(SmtpTlsMode), TlsMode, ignoreCase: true);
        var options = ParameterParsing.SmtpOptions(this, Port, mode, ServerName, HeloName, Timeout, Session.Trust);
        WriteVerbose($"Port {options.Port}, {options.Mode}, EHLO {options.HeloName}{(IncludeProtocolScan ? ", with the TLS version scan" : string.Empty)}.");
        _checker = Session.SmtpChecker(options, IncludeProtocolScan ? TlsEnumerator : null);
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ExchangerSet:
                QueueExchangers();
                break;
            case ComputerSet:
                ScheduleHosts(ComputerName, async (host, log, token) => Output(await _checker!.CheckHostAsync(host, log, token).ConfigureAwait(false)));
                break;
            default:
                ScheduleDomains(DomainName, async (domain, _, log, token) => Output(await _checker!.CheckDomainAsync(domain, log, token).ConfigureAwait(false)));
                break;
        }
    }

    protected override void EndProcessing()
    {
        ScheduleExchangers();
        base.EndProcessing();
    }

    // Exchangers arrive one object at a time; a domain's are judged together (DANE on some hosts only), so
    // they wait until the pipeline moves on to another domain.
    private void QueueExchangers()
    {
        foreach (var exchanger in (MailExchanger ?? Array.Empty<MailTls.MailExchanger>()).Where(m => m is not null))
        {
            if (_pendingExchangers.Count > 0 && _pendingExchangers[0].Domain != exchanger.Domain)
            {
                ScheduleExchangers();
            }

            _pendingExchangers.Add(exchanger);
        }
    }

    private void ScheduleExchangers()
    {
        if (_pendingExchangers.Count == 0)
        {
            return;
        }

        var exchangers = _pendingExchangers.ToArray();
        _pendingExchangers.Clear();
        var domain = exchangers[0].Domain;
        if (!_exchangersSeen.TryGetValue(domain, out var seen))
        {
            _exchangersSeen[domain] = seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        // A domain's exchangers that come back later in the pipeline (a sorted or concatenated list)
        // are probed too, but only those not probed yet, and judged apart from the first group.
        var first = seen.Count == 0;
        exchangers = exchangers.Where(m => seen.Add(m.Exchange)).ToArray();
        if (exchangers.Length == 0 || first)
        {
            if (!FirstTimeInRun(domain, domain))
            {
                return;
            }
        }
        else
        {
            WriteWarning($"{string.Join(", ", exchangers.Select(m => m.Exchange))} of {domain} came apart from the domain's other exchangers, so they are judged on their own (a finding across all of its hosts, such as DANE_PARTIAL, can be missed). Keep a domain's exchangers together in the pipeline, e.g. Sort-Object Domain.");
        }

        var resolver = ResolverFor(exchangers[0]);
        Schedule(domain, async token =>
        {
            var log = VerboseWanted ? new OperationLog() : OperationLog.None;
            log.Write($"Probing the {exchangers.Length} exchanger(s) of {domain} at the addresses they carry; TLSA records through {resolver.ServerList}, the resolver that found them.");
            var check = await _checker!.CheckExchangersAsync(exchangers, resolver, log, token).ConfigureAwait(false);
            return WithLog(log, Output(check));
        });
    }

    // Without -DnsServer, TLSA records come from the resolver that answered for the piped exchangers.
    private DnsResolver ResolverFor(MailTls.MailExchanger exchanger)
    {
        if (DnsServer is { Length: > 0 })
        {
            return Session.Dns;
        }

        try
        {
            return Session.ResolverFor(exchanger.DnsServer);
        }
        catch (ArgumentException)
        {
            return Session.Dns;
        }
    }

    private static ItemOutput WithLog(OperationLog log, ItemOutput results)
    {
        var output = new ItemOutput();
        output.Verbose(log.Lines);
        output.Append(results);
        return output;
    }

    private static ItemOutput Output(SmtpCheck check)
    {
        var output = new ItemOutput();
        foreach (var result in check.Results)
        {
            output.Object(result);
        }

        foreach (var fault in check.Faults)
        {
            output.Error(ErrorRecords.Internal(fault.Error, $"{fault.Target.Exchange} [{fault.Target.Address}]", fault.Message));
        }

        return output;
    }
}
