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
public sealed class GetMtaStsPolicyCommand : BulkCmdlet
{
    private MtaStsPolicyFetcher? _fetcher;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    /// <summary>Resolvers for the policy host's address too, not only for DNS records.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    /// <summary>Seconds for the whole fetch (and per DNS answer).</summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; } = 10;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? TrustedRootCertificate { get; set; }

    protected override string ProgressActivity => "Fetching MTA-STS policies";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _fetcher = new MtaStsPolicyFetcher(ParameterParsing.PolicyClient(this, DnsServer, Timeout, TrustedRootCertificate));
    }

    protected override void ProcessRecord() => ScheduleDomains(DomainName, FetchAsync);

    private async Task<ItemOutput> FetchAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var (policy, _) = await _fetcher!.GetPolicyAsync(domain, log, cancellationToken).ConfigureAwait(false);
        return ItemOutput.FromObject(policy);
    }
}
