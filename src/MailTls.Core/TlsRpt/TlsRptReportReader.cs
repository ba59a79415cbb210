using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using MimeKit;

namespace MailTls.TlsRpt;

/// <summary>
/// Reads TLS reports in the forms senders deliver them (RFC 8460 §5): plain JSON, gzip, or the report
/// e-mail with an application/tlsrpt+gzip or +json attachment. The form is told by content, not by
/// file name, so a maildir of reports works. One report is in memory at a time, and no report may
/// decompress past the cap. Not thread-safe: one reader per pipeline.
/// </summary>
public sealed class TlsRptReportReader
{
    /// <summary>Real reports are kilobytes to a few megabytes; anything past this is refused.</summary>
    public const int DefaultMaxReportBytes = 128 * 1024 * 1024;

    private readonly int _maxReportBytes;
    private readonly BoundedBuffer _input;
    private readonly BoundedBuffer _raw;
    private readonly BoundedBuffer _json;

    public TlsRptReportReader(int maxReportBytes = DefaultMaxReportBytes)
    {
        if (maxReportBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(maxReportBytes), "The cap must be at least 1024 bytes.");
        }

        _maxReportBytes = maxReportBytes;
        _input = new BoundedBuffer(maxReportBytes);
        _raw = new BoundedBuffer(maxReportBytes);
        _json = new BoundedBuffer(maxReportBytes);
    }

    /// <summary>Reads a file; the results carry its path as SourceFile.</summary>
    /// <exception cref="TlsRptReportException">The file is not a TLS report (malformed, too large, no report attached).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public IReadOnlyList<TlsRptPolicyResult> ReadFile(string path, out string form)
    {
        // Unbuffered: the whole file is read straight into the reader's own array.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Read(stream, path, out form);
    }

    /// <summary>Reads report bytes (JSON, gzip or an e-mail) from a stream, to its end.</summary>
    public IReadOnlyList<TlsRptPolicyResult> Read(Stream content, string sourceFile, out string form)
    {
        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        try
        {
            _input.Load(content);
        }
        catch (BoundedBuffer.CapExceededException)
        {
            throw TooLarge("The input");
        }

        var head = _input.Content.Slice(0, Math.Min(64, _input.Content.Length));
        switch (Classify(head))
        {
            case Form.Gzip:
                form = "gzip";
                using (var compressed = _input.OpenContent())
                {
                    return Parse(Decompress(compressed, "The gzip data"), "in the decompressed data, ", sourceFile);
                }

            case Form.Json:
                form = "JSON";
                return Parse(_input, string.Empty, sourceFile);
            default:
                using (var message = _input.OpenContent())
                {
                    return ReadMessage(message, sourceFile, out form);
                }
        }
    }

    private IReadOnlyList<TlsRptPolicyResult> ReadMessage(Stream content, string sourceFile, out string form)
    {
        MimeMessage message;
        try
        {
            message = MimeMessage.Load(content);
        }
        catch (FormatException ex)
        {
            throw NotAReport($"it is not JSON, gzip or an e-mail message ({ex.Message})");
        }

        var attachments = ReportParts(message.Body).ToList();
        if (attachments.Count == 0)
        {
            var type = message.Body?.ContentType.MimeType ?? "no body";
            throw NotAReport(message.Headers.Count == 0
                ? "it is not JSON, gzip or an e-mail message"
                : $"it is an e-mail ({type}) with no TLS report attached (no application/tlsrpt+gzip or application/tlsrpt+json part, nor a .json or .json.gz file)");
        }

        var results = new List<TlsRptPolicyResult>();
        foreach (var part in attachments)
        {
            var name = part.FileName ?? part.ContentType.MimeType;
            _raw.Reset();
            try
            {
                part.Content?.DecodeTo(_raw);
            }
            catch (BoundedBuffer.CapExceededException)
            {
                throw TooLarge($"The attachment '{name}'");
            }

            using var decoded = _raw.OpenContent();
            var head = _raw.Content.Slice(0, Math.Min(64, _raw.Content.Length));
            if (Classify(head) == Form.Gzip)
            {
                results.AddRange(Parse(Decompress(decoded, $"The attachment '{name}'"), $"in the attachment '{name}' (decompressed), ", sourceFile));
            }
            else
            {
                results.AddRange(Parse(_raw, $"in the attachment '{name}', ", sourceFile));
            }
        }

        form = attachments.Count == 1 ? $"e-mail with {attachments[0].ContentType.MimeType} attachment" : $"e-mail with {attachments.Count} report attachments";
        return results;
    }

    // RFC 8460 §5.3 names the media types; senders that use application/octet-stream still name the file .json.gz.
    private static IEnumerable<MimePart> ReportParts(MimeEntity? entity)
    {
        var parts = LeafParts(entity).ToList();
        var typed = parts.Where(p => p.ContentType.IsMimeType("application", "tlsrpt+gzip") || p.ContentType.IsMimeType("application", "tlsrpt+json")).ToList();
        return typed.Count > 0 ? typed : parts.Where(IsReportFileName);
    }

    private static bool IsReportFileName(MimePart part)
    {
        var name = part.FileName ?? part.ContentType.Name;
        return name is not null && !part.ContentType.IsMimeType("text", "*")
            && (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
    }

    // Forwarded reports arrive as message/rfc822 parts: look inside them too.
    private static IEnumerable<MimePart> LeafParts(MimeEntity? entity)
    {
        switch (entity)
        {
            case Multipart multipart:
                foreach (var child in multipart.SelectMany(LeafParts))
                {
                    yield return child;
                }

                break;
            case MessagePart { Message: not null } forwarded:
                foreach (var child in LeafParts(forwarded.Message.Body))
                {
                    yield return child;
                }

                break;
            case MimePart part:
                yield return part;
                break;
        }
    }

    private BoundedBuffer Decompress(Stream compressed, string what)
    {
        _json.Reset();
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            gzip.CopyTo(_json, 81920);
        }
        catch (BoundedBuffer.CapExceededException)
        {
            throw TooLarge(what);
        }
        catch (InvalidDataException ex)
        {
            throw new TlsRptReportException(TlsRptReportProblem.Malformed, $"{what} is not valid gzip: {ex.Message}");
        }

        return _json;
    }

    private static IReadOnlyList<TlsRptPolicyResult> Parse(BoundedBuffer json, string where, string sourceFile)
    {
        try
        {
            return TlsRptReportParser.Parse(json.Content, sourceFile);
        }
        catch (TlsRptReportException ex)
        {
            throw new TlsRptReportException(ex.Problem, where + ex.Message, ex.BytePosition);
        }
    }

    private TlsRptReportException TooLarge(string what) =>
        new(TlsRptReportProblem.TooLarge,
            $"{what} is larger than {(_maxReportBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MiB once decompressed; TLS reports are far smaller, so it was refused (a gzip bomb, or not a report).");

    private static TlsRptReportException NotAReport(string why) =>
        new(TlsRptReportProblem.NoReport, $"No TLS report found: {why}.");

    private static Form Classify(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            return Form.Gzip;
        }

        var i = head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        while (i < head.Length && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i < head.Length && head[i] is (byte)'{' or (byte)'[' ? Form.Json : Form.Message;
    }

    private enum Form
    {
        Json,
        Gzip,
        Message,
    }
}
