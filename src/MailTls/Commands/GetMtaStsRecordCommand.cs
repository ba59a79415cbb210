using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.MtaSts;

namespace MailTls.Commands;

/// <summary>Get-MtaStsRecord: the _mta-sts TXT record of each domain, validated as senders read it.</summary>
[Cmdlet(VerbsCommon.Get, "MtaStsRecord")]
[OutputType("MailTls.MtaStsRecord")]
public sealed class GetMtaStsRecordCommand : DomainCmdlet
{
    public GetMtaStsRecordCommand()
        : base(defaultTimeoutSeconds: 5)
    {
    }

    protected override string ProgressActivity => "Reading MTA-STS records";

    private protected override async Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var (record, failure) = await Session.MtaStsRecords.GetRecordAsync(domain, log, cancellationToken).ConfigureAwait(false);
        return failure is null ? ItemOutput.FromObject(record!) : ItemOutput.FromError(ErrorRecords.FromDnsFailure(failure, target));
    }
}
