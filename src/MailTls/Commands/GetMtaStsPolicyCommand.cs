using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.MtaSts;

namespace MailTls.Commands;

/// <summary>Get-MtaStsPolicy: fetch each domain's MTA-STS policy the way a sending MTA does, and say why senders would refuse it.</summary>
[Cmdlet(VerbsCommon.Get, "MtaStsPolicy")]
[OutputType("MailTls.MtaStsPolicy")]
public sealed class GetMtaStsPolicyCommand : DomainCmdlet
{
    private MtaStsPolicyFetcher? _fetcher;

    public GetMtaStsPolicyCommand()
        : base(defaultTimeoutSeconds: 10)
    {
    }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? TrustedRootCertificate { get; set; }

    protected override string ProgressActivity => "Fetching MTA-STS policies";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _fetcher = new MtaStsPolicyFetcher(ParameterParsing.PolicyClient(this, DnsServer, Timeout, TrustedRootCertificate));
    }

    private protected override async Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var (policy, _) = await _fetcher!.GetPolicyAsync(domain, log, cancellationToken).ConfigureAwait(false);
        return ItemOutput.FromObject(policy);
    }
}
