using System;
using System.Management.Automation;
using MailTls.Commands.Infrastructure;
using MailTls.TlsRpt;

namespace MailTls.Commands;

/// <summary>New-TlsRptRecord: the _smtp._tls TXT record to publish, validated by the parser that reads published ones.</summary>
[Cmdlet(VerbsCommon.New, "TlsRptRecord", HelpUri = HelpLinks.NewTlsRptRecord)]
[OutputType("MailTls.TlsRptRecordDraft")]
public sealed class NewTlsRptRecordCommand : MailTlsCmdlet
{
    /// <summary>Where reports go: mailto: or https: URIs; a bare e-mail address becomes mailto:.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Rua { get; set; } = Array.Empty<string>();

    /// <summary>The domain, for the record's owner name.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Domain", "Name")]
    [ValidateNotNullOrEmpty]
    [DomainNameTransformation]
    public string? DomainName { get; set; }

    protected override void ProcessRecord()
    {
        if (DomainName is not null && !Dns.DomainName.TryNormalize(DomainName, out _, out var reason))
        {
            WriteError(ErrorRecords.InvalidDomainName(DomainName, reason));
            return;
        }

        try
        {
            var draft = TlsRptRecordAuthor.Create(DomainName, Rua);
            if (draft.Strings.Count > 1)
            {
                WriteWarning($"The record is {System.Text.Encoding.UTF8.GetByteCount(draft.Record)} bytes, more than the 255 one TXT character-string holds: publish it as these {draft.Strings.Count} strings in ONE TXT record (receivers join them), as in: {draft.ZoneLine}");
            }

            WriteObject(draft);
        }
        catch (ArgumentException ex)
        {
            WriteError(ErrorRecords.InvalidRua(string.Join(",", Rua), ErrorRecords.Reason(ex)));
        }
    }
}
