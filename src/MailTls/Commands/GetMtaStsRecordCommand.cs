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
public sealed class GetMtaStsRecordCommand : BulkCmdlet
{
    private MtaStsRecordReader? _reader;

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

    protected override string ProgressActivity => "Reading MTA-STS records";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _reader = new MtaStsRecordReader(ParameterParsing.Resolver(this, DnsServer, Timeout));
    }

    protected override void ProcessRecord() => ScheduleDomains(DomainName, ReadAsync);

    private async Task<ItemOutput> ReadAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var (record, failure) = await _reader!.GetRecordAsync(domain, log, cancellationToken).ConfigureAwait(false);
        return failure is null ? ItemOutput.FromObject(record!) : ItemOutput.FromError(ErrorRecords.FromDnsFailure(failure, target));
    }
}
