using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Diagnostics;
using MailTls.TlsRpt;

namespace MailTls.Commands;

/// <summary>Get-TlsRptRecord: where senders report TLS failures for each domain (RFC 8460), validated.</summary>
[Cmdlet(VerbsCommon.Get, "TlsRptRecord")]
[OutputType("MailTls.TlsRptRecord")]
public sealed class GetTlsRptRecordCommand : BulkCmdlet
{
    private TlsRptReader? _reader;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    [Parameter]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; } = 5;

    protected override string ProgressActivity => "Reading TLS-RPT records";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _reader = new TlsRptReader(ParameterParsing.Resolver(this, DnsServer, Timeout));
    }

    protected override void ProcessRecord() => ScheduleDomains(DomainName, ReadAsync);

    private async Task<ItemOutput> ReadAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var (record, failure) = await _reader!.GetRecordAsync(domain, log, cancellationToken).ConfigureAwait(false);
        return failure is null ? ItemOutput.FromObject(record!) : ItemOutput.FromError(ErrorRecords.FromDnsFailure(failure, target));
    }
}
