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
public sealed class TestMtaStsCommand : DomainCmdlet
{
    private MtaStsChecker? _checker;

    public TestMtaStsCommand()
        : base(defaultTimeoutSeconds: 10)
    {
    }

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

    private protected override async Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken) =>
        ItemOutput.FromObject(await _checker!.CheckAsync(domain, log, cancellationToken).ConfigureAwait(false));
}
