using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MimeKit;

namespace MailTls.Received;

/// <summary>
/// The headers of a message, from an .eml file or pasted text (Outlook's message headers, Gmail's
/// "Show original"): MimeKit reads and unfolds them and stops at the body, which is never read.
/// </summary>
public sealed class MessageHeaders
{
    private MessageHeaders(IReadOnlyList<string> received, string? messageId, string? subject)
    {
        Received = received;
        MessageId = messageId;
        Subject = subject;
    }

    /// <summary>Received header values, newest (top) first, as they appear.</summary>
    public IReadOnlyList<string> Received { get; }

    public string? MessageId { get; }

    public string? Subject { get; }

    /// <summary>Reads the header block at the start of the stream; text that is no header block gives no headers.</summary>
    public static MessageHeaders Load(Stream stream)
    {
        HeaderList headers;
        try
        {
            headers = new MimeParser(stream, MimeFormat.Entity, persistent: false).ParseHeaders();
        }
        catch (FormatException)
        {
            return new MessageHeaders(Array.Empty<string>(), null, null);
        }

        var received = headers.Where(h => h.Id == HeaderId.Received).Select(h => h.Value).ToList();
        var messageId = headers[HeaderId.MessageId]?.Trim().TrimStart('<').TrimEnd('>');
        return new MessageHeaders(received, string.IsNullOrEmpty(messageId) ? null : messageId, headers[HeaderId.Subject]);
    }

    /// <summary>Received values handed over without their message, as other tools give them.</summary>
    public static MessageHeaders FromReceivedValues(IEnumerable<string> newestFirst) => new(newestFirst.ToList(), null, null);

    /// <summary>Header text as pasted; leading blank lines and indentation of the first line are forgiven.</summary>
    public static MessageHeaders Parse(string text)
    {
        var trimmed = (text ?? string.Empty).TrimStart('\r', '\n', ' ', '\t');
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(trimmed), writable: false);
        return Load(stream);
    }
}
