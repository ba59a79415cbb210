using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using MailTls.Commands.Infrastructure;
using MailTls.Received;

namespace MailTls.Commands;

/// <summary>Get-ReceivedTls: what each hop's Received header proves about TLS, oldest hop first.</summary>
[Cmdlet(VerbsCommon.Get, "ReceivedTls", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.GetReceivedTls)]
[OutputType("MailTls.ReceivedHop", "MailTls.ReceivedTlsSummary")]
public sealed class GetReceivedTlsCommand : FileCmdlet
{

    /// <summary>Message text, header text pasted from a mail client, or one Received header's value; one message per string.</summary>
    [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string[] InputObject { get; set; } = Array.Empty<string>();

    private protected override string InputDescription => "messages or message files";

    /// <summary>One MailTls.ReceivedTlsSummary per message instead of one object per hop.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var text in InputObject)
            {
                var source = $"Input object {CountInput()}";
                Guarded(() => Write(ReadText(text ?? string.Empty), source, text ?? string.Empty, string.Empty), source, text ?? string.Empty);
            }

            return;
        }

        foreach (var file in Files())
        {
            MessageHeaders headers;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 16 * 1024);
                headers = MessageHeaders.Load(stream);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.FileReadError(file, ex));
                continue;
            }

            Guarded(() => Write(headers, file, file, file), file, file);
        }
    }

    // One message must not end the reading of the others, whatever went wrong in it.
    private void Guarded(Action read, string source, object target)
    {
        try
        {
            read();
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteError(ErrorRecords.Internal(ex, target, $"{source} could not be read: {ex.Message}"));
        }
    }

    // A bare Received value ("from a by b with ESMTPS ...; date"), as other modules hand them out, is one hop.
    private static MessageHeaders ReadText(string text)
    {
        var headers = MessageHeaders.Parse(text);
        var trimmed = text.TrimStart();
        if (headers.Received.Count == 0 && (trimmed.StartsWith("from ", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("by ", StringComparison.OrdinalIgnoreCase)))
        {
            return MessageHeaders.FromReceivedValues(new[] { trimmed });
        }

        return headers;
    }

    private void Write(MessageHeaders headers, string source, object target, string sourceFile)
    {
        if (VerboseWanted)
        {
            WriteVerbose($"{source}: {headers.Received.Count} Received header{(headers.Received.Count == 1 ? string.Empty : "s")}.");
        }

        if (headers.Received.Count == 0)
        {
            var record = new ErrorRecord(
                new MailTlsException($"{source}: the message has no Received header, so there are no hops to read."),
                ErrorIds.ReceivedHeaderNotFound,
                ErrorCategory.ObjectNotFound,
                target);
            if (ParameterSetName == InputObjectSet)
            {
                record.ErrorDetails = new ErrorDetails(record.Exception.Message)
                {
                    RecommendedAction = "Pass the whole message or header block as one string (Get-Content -Raw), not line by line.",
                };
            }

            WriteError(record);
            return;
        }

        var hops = ReceivedChain.Read(headers.Received, headers.MessageId, sourceFile);
        if (Summary)
        {
            WriteObject(ReceivedChain.Summarize(hops, headers.MessageId, headers.Subject, sourceFile));
        }
        else
        {
            WriteObject(hops, enumerateCollection: true);
        }
    }
}
