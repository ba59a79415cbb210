using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.TlsRpt;

namespace MailTls.Commands;

/// <summary>Get-TlsRptRecord: where senders report TLS failures for each domain (RFC 8460), validated.</summary>
[Cmdlet(VerbsCommon.Get, "TlsRptRecord", HelpUri = HelpLinks.GetTlsRptRecord)]
[OutputType("MailTls.TlsRptRecord")]
public sealed class GetTlsRptRecordCommand : DomainCmdlet
{
    public GetTlsRptRecordCommand()
        : base(defaultTimeoutSeconds: 5)
    {
    }

    protected override string ProgressActivity => "Reading TLS-RPT records";

    private protected override async Task<ItemOutput> ProcessDomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var (record, failure) = await Session.TlsRptRecords.GetRecordAsync(domain, log, cancellationToken).ConfigureAwait(false);
        return failure is null ? ItemOutput.FromObject(record!) : ItemOutput.FromError(ErrorRecords.FromDnsFailure(failure, target));
    }
}
