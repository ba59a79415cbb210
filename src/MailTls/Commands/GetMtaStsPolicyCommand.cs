using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.MtaSts;

namespace MailTls.Commands;

/// <summary>Get-MtaStsPolicy: fetch each domain's MTA-STS policy the way a sending MTA does, and say why senders would refuse it.</summary>
[Cmdlet(VerbsCommon.Get, "MtaStsPolicy", HelpUri = HelpLinks.GetMtaStsPolicy)]
[OutputType("MailTls.MtaStsPolicy")]
public sealed class GetMtaStsPolicyCommand : DomainCmdlet
{
    public GetMtaStsPolicyCommand()
        : base(defaultTimeoutSeconds: 10)
    {
    }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? TrustedRootCertificate { get; set; }

    protected override string ProgressActivity => "Fetching MTA-STS policies";

    private protected override IReadOnlyList<X509Certificate2> TrustedRoots => ParameterParsing.TrustedRoots(this, TrustedRootCertificate);

    private protected override async Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var (policy, _) = await Session.MtaStsPolicies.GetPolicyAsync(domain, log, cancellationToken).ConfigureAwait(false);
        return ItemOutput.FromObject(policy);
    }
}
