using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// A cmdlet that takes mail domains (by value, or as DomainName/Domain/Name from piped objects
/// such as Get-AcceptedDomain) and asks DNS about them through -DnsServer within -Timeout.
/// Each domain becomes one work item; invalid names become errors in their place.
/// </summary>
public abstract class DomainCmdlet : BulkCmdlet
{
    protected DomainCmdlet(int defaultTimeoutSeconds) => Timeout = defaultTimeoutSeconds;

    /// <summary>Mail domains; internationalized names are converted to A-labels, a trailing dot is accepted.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    /// <summary>Resolvers to ask instead of the system's: IP addresses, optionally with :port.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    /// <summary>Seconds to wait: for each DNS answer from each server, and for each network step.</summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; }

    protected override void ProcessRecord() => ScheduleDomains(DomainName, ProcessDomainAsync);

    /// <summary>The work for one valid domain (A-label form), with the input as typed for error targets.</summary>
    private protected abstract Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken);
}
