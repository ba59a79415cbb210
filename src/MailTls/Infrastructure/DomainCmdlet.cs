using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// A cmdlet that takes mail domains (by value, or as DomainName/Domain/Name from piped objects
/// such as Get-AcceptedDomain) and works on each in the run's session. Each domain becomes one
/// work item, once however often it is given; invalid names become errors in their place.
/// </summary>
public abstract class DomainCmdlet : SessionCmdlet
{
    protected DomainCmdlet(int defaultTimeoutSeconds)
        : base(defaultTimeoutSeconds)
    {
    }

    /// <summary>Mail domains; internationalized names are converted to A-labels, a trailing dot is accepted.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    [DomainNameTransformation]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord() => ScheduleDomains(DomainName, ProcessDomainAsync);

    /// <summary>The work for one valid domain (A-label form), with the input as typed for error targets.</summary>
    private protected abstract Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken);
}
