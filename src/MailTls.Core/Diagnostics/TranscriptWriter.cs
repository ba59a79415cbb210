using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace MailTls.Diagnostics;

/// <summary>
/// Turns the bytes MailKit's protocol logger sees into whole lines and writes them to an operation's
/// log, bounded in line length and count, because hostile servers send megabytes.
/// </summary>
internal sealed class TranscriptWriter
{
    private const int MaxLines = 200;
    private const int MaxLineLength = 300;

    private readonly OperationLog _log;
    private readonly StringBuilder _client = new();
    private readonly StringBuilder _server = new();
    private int _lines;

    public TranscriptWriter(OperationLog log) => _log = log;

    /// <summary>The client's lines completed by these bytes.</summary>
    public IReadOnlyList<string> ClientLines(byte[] buffer, int offset, int count) => SplitLines(_client, buffer, offset, count);

    /// <summary>The server's lines completed by these bytes.</summary>
    public IReadOnlyList<string> ServerLines(byte[] buffer, int offset, int count) => SplitLines(_server, buffer, offset, count);

    public void Write(string line)
    {
        var count = Interlocked.Increment(ref _lines);
        if (count < MaxLines)
        {
            _log.Write(line);
        }
        else if (count == MaxLines)
        {
            _log.Write($"… the transcript stops here after {MaxLines} lines.");
        }
    }

    private static IReadOnlyList<string> SplitLines(StringBuilder pending, byte[] buffer, int offset, int count)
    {
        var text = Encoding.UTF8.GetString(buffer, offset, count);
        var lines = new List<string>();
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines.Add(pending.ToString().TrimEnd('\r'));
                pending.Clear();
            }
            else if (pending.Length < MaxLineLength)
            {
                pending.Append(c);
            }
        }

        return lines;
    }
}
