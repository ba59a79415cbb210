using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.MtaSts;

namespace MailTls.Commands;

/// <summary>Get-MtaStsRecord: the _mta-sts TXT record of each domain, validated as senders read it.</summary>
[Cmdlet(VerbsCommon.Get, "MtaStsRecord", HelpUri = HelpLinks.GetMtaStsRecord)]
[OutputType("MailTls.MtaStsRecord")]
public sealed class GetMtaStsRecordCommand : DomainCmdlet
{
    public GetMtaStsRecordCommand()
        : base(defaultTimeoutSeconds: 5)
    {
    }

    /// <summary>
    /// Ask every -DnsServer separately, one record per server, instead of treating the list as failover:
    /// to see whether a changed record (a new id) has reached each resolver.
    /// </summary>
    [Parameter]
    public SwitchParameter EachServer { get; set; }

    protected override string ProgressActivity => "Reading MTA-STS records";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (EachServer && DnsServer is not { Length: > 0 })
        {
            ThrowTerminatingError(ErrorRecords.InvalidParameter("EachServer", "-EachServer", "-EachServer asks each resolver given with -DnsServer on its own; name the resolvers to compare with -DnsServer."));
        }
    }

    private protected override async Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var readers = EachServer
            ? DnsServer!.Select(server => new MtaStsRecordReader(Session.ResolverFor(server))).ToArray()
            : new[] { Session.MtaStsRecords };
        var answers = await Task.WhenAll(readers.Select(r => r.GetRecordAsync(domain, log, cancellationToken))).ConfigureAwait(false);
        var output = new ItemOutput();
        foreach (var (record, failure) in answers)
        {
            if (failure is null)
            {
                output.Object(record!);
            }
            else
            {
                output.Error(ErrorRecords.FromDnsFailure(failure, target));
            }
        }

        return output;
    }
}
