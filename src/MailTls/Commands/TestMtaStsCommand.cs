using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Certificates;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.MtaSts;
using MailTls.Smtp;
using MailTls.TlsRpt;

namespace MailTls.Commands;

/// <summary>Test-MtaSts: will senders honour the domain's MTA-STS policy, and would enforcing it bounce mail?</summary>
[Cmdlet(VerbsDiagnostic.Test, "MtaSts")]
[OutputType("MailTls.MtaStsAssessment")]
public sealed class TestMtaStsCommand : BulkCmdlet
{
    private MtaStsChecker? _checker;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    /// <summary>Seconds per step of each probe and for the policy fetch.</summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; } = 10;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? TrustedRootCertificate { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HeloName { get; set; }

    /// <summary>Judge record, policy and MX coverage only, without SMTP probes (for networks that block port 25).</summary>
    [Parameter]
    public SwitchParameter SkipSmtpProbe { get; set; }

    protected override string ProgressActivity => "Testing MTA-STS";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var dns = ParameterParsing.Resolver(this, DnsServer, Timeout);
        var resolver = new MailExchangerResolver(dns);
        var trust = new CertificateTrust(ParameterParsing.TrustedRoots(this, TrustedRootCertificate));
        var smtp = SkipSmtpProbe
            ? null
            : new SmtpTlsChecker(resolver, new SmtpProber(new SmtpProbeOptions(SmtpProbeOptions.SmtpPort, SmtpTlsMode.StartTls, null, HeloName, TimeSpan.FromSeconds(Timeout), trust)), ThrottleLimit);
        var policies = new MtaStsPolicyFetcher(ParameterParsing.PolicyClient(this, DnsServer, Timeout, TrustedRootCertificate));
        _checker = new MtaStsChecker(new MtaStsRecordReader(dns), policies, new TlsRptReader(dns), resolver, smtp);
    }

    protected override void ProcessRecord() => ScheduleDomains(DomainName, CheckAsync);

    private async Task<ItemOutput> CheckAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken) =>
        ItemOutput.FromObject(await _checker!.CheckAsync(domain, log, cancellationToken).ConfigureAwait(false));
}
