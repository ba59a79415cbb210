using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Commands.Infrastructure;
using MailTls.Dane;
using MailTls.Diagnostics;

namespace MailTls.Commands;

/// <summary>Get-DaneTlsa: the TLSA records of each MX host (or named host), and whether DANE senders would use them.</summary>
[Cmdlet(VerbsCommon.Get, "DaneTlsa", DefaultParameterSetName = DomainSet, HelpUri = HelpLinks.GetDaneTlsa)]
[OutputType("MailTls.TlsaRecord")]
public sealed class GetDaneTlsaCommand : SessionCmdlet
{
    private const string DomainSet = "DomainName";
    private const string ComputerSet = "ComputerName";

    private TlsaReader? _reader;

    public GetDaneTlsaCommand()
        : base(defaultTimeoutSeconds: 5)
    {
    }

    /// <summary>Mail domains; the records of each of their MX hosts are read.</summary>
    [Parameter(ParameterSetName = DomainSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [AllowEmptyString]
    [AllowNull]
    [DomainNameTransformation]
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

    protected override string ProgressActivity => "Reading TLSA records";

    protected override string InputDescription => ParameterSetName == ComputerSet ? "host names" : "domain names";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _reader = new TlsaReader(Session);
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ComputerSet)
        {
            ScheduleDomains(ComputerName, async (host, target, log, token) => Output(await _reader!.ReadHostAsync(host, Port, string.Empty, log, token).ConfigureAwait(false), target));
        }
        else
        {
            ScheduleDomains(DomainName, async (domain, target, log, token) => Output(await _reader!.ReadDomainAsync(domain, Port, log, token).ConfigureAwait(false), target));
        }
    }

    private static ItemOutput Output(TlsaReading reading, string target)
    {
        var output = new ItemOutput();
        foreach (var note in reading.Notes)
        {
            output.Warning(note);
        }

        foreach (var record in reading.Records)
        {
            output.Object(record);
        }

        foreach (var failure in reading.Failures)
        {
            output.Error(ErrorRecords.FromDnsFailure(failure, target));
        }

        return output;
    }
}
