using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Dane;
using MailTls.Diagnostics;
using MailTls.Dns;

namespace MailTls.Commands;

/// <summary>Get-DaneTlsa: the TLSA records of each MX host (or named host), and whether DANE senders would use them.</summary>
[Cmdlet(VerbsCommon.Get, "DaneTlsa", DefaultParameterSetName = DomainSet)]
[OutputType("MailTls.TlsaRecord")]
public sealed class GetDaneTlsaCommand : BulkCmdlet
{
    private const string DomainSet = "DomainName";
    private const string ComputerSet = "ComputerName";

    private MailExchangerResolver? _resolver;

    /// <summary>Mail domains; the records of each of their MX hosts are read.</summary>
    [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    /// <summary>Host names whose records are read directly.</summary>
    [Parameter(ParameterSetName = ComputerSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("HostName", "Exchange")]
    [AllowEmptyString]
    [AllowNull]
    public string[] ComputerName { get; set; } = Array.Empty<string>();

    /// <summary>The service's TCP port: the records live at _&lt;port&gt;._tcp.&lt;host&gt;.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 25;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    [Parameter]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; } = 5;

    protected override string ProgressActivity => "Reading TLSA records";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _resolver = new MailExchangerResolver(ParameterParsing.Resolver(this, DnsServer, Timeout));
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ComputerSet)
        {
            ScheduleDomains(ComputerName, (host, target, log, token) => HostAsync(host, string.Empty, target, log, token));
        }
        else
        {
            ScheduleDomains(DomainName, DomainAsync);
        }
    }

    private async Task<ItemOutput> DomainAsync(string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var lookup = await _resolver!.ResolveAsync(domain, log, cancellationToken).ConfigureAwait(false);
        if (lookup.Failure is not null)
        {
            return ItemOutput.FromError(ErrorRecords.FromDnsFailure(lookup.Failure, target));
        }

        var hosts = lookup.Exchangers.Where(e => !e.IsNullMx).Select(e => e.Exchange).Distinct().ToArray();
        var outputs = await Task.WhenAll(hosts.Select(h => HostAsync(h, domain, h, log, cancellationToken))).ConfigureAwait(false);
        var output = new ItemOutput();
        foreach (var host in outputs)
        {
            output.Append(host);
        }

        return output;
    }

    private async Task<ItemOutput> HostAsync(string host, string domain, string target, OperationLog log, CancellationToken cancellationToken)
    {
        var tlsa = await _resolver!.Dns.QueryTlsaAsync(host, Port, log, cancellationToken).ConfigureAwait(false);
        if (tlsa.Failure is not null)
        {
            return ItemOutput.FromError(ErrorRecords.FromDnsFailure(tlsa.Failure, target));
        }

        var output = new ItemOutput();
        if (tlsa.Records.Count == 0)
        {
            output.Verbose(new[] { $"{tlsa.Owner} has no TLSA records: DANE does not apply to {host}." });
        }

        foreach (var row in DaneRecords.Rows(tlsa, domain))
        {
            output.Object(row);
        }

        return output;
    }
}
