using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using MailTls.Diagnostics;
using System.Text;
using MailKit;

namespace MailTls.Smtp;

/// <summary>
/// MailKit's protocol logger for one probe: writes the dialogue as "C:"/"S:" lines to the
/// operation's log as it happens, and remembers where the dialogue stood (greeting seen, last command, its reply) so a failure can
/// be named by the step it happened in. Bounded, because hostile servers send megabytes.
/// </summary>
internal sealed class SmtpTranscript : IProtocolLogger
{
    private const int MaxLines = 200;
    private const int MaxLineLength = 300;

    private readonly Stopwatch _clock;
    private readonly OperationLog _log;
    private readonly StringBuilder _client = new();
    private readonly StringBuilder _server = new();
    private int _lines;

    public SmtpTranscript(Stopwatch clock, OperationLog log)
    {
        _clock = clock;
        _log = log;
    }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>The first complete line the server sent (its greeting), if any.</summary>
    public string? Greeting { get; private set; }

    public TimeSpan? GreetingAt { get; private set; }

    /// <summary>The verb of the last complete command the client sent (EHLO, STARTTLS, QUIT).</summary>
    public string? LastCommand { get; private set; }

    /// <summary>The last line of the server's reply to <see cref="LastCommand"/>, once it is complete.</summary>
    public string? LastReply { get; private set; }

    /// <summary>When the server agreed to STARTTLS (220): the handshake starts here.</summary>
    public TimeSpan? StartTlsReplyAt { get; private set; }

    /// <summary>The client sent STARTTLS, which MailKit only does when EHLO offered it.</summary>
    public bool StartTlsSent { get; private set; }

    /// <summary>The server has answered an EHLO, so whether it offers STARTTLS is known.</summary>
    public bool EhloAnswered { get; private set; }

    public void Note(string text) => Add(text);

    public void LogConnect(Uri uri) => Add($"Connected to {uri}");

    public void LogClient(byte[] buffer, int offset, int count)
    {
        foreach (var line in SplitLines(_client, buffer, offset, count))
        {
            var verb = line.Split(' ')[0].ToUpperInvariant();
            LastCommand = verb;
            LastReply = null;
            StartTlsSent |= verb == "STARTTLS";
            Add("C: " + line);
        }
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        foreach (var line in SplitLines(_server, buffer, offset, count))
        {
            if (Greeting is null)
            {
                Greeting = line;
                GreetingAt = _clock.Elapsed;
            }

            // "250-…" continues a reply, "250 …" ends it (RFC 5321 §4.2.1).
            var complete = line.Length < 4 || line[3] != '-';
            if (complete && LastCommand is not null)
            {
                LastReply = line;
                if (LastCommand == "STARTTLS" && line.StartsWith("220", StringComparison.Ordinal))
                {
                    StartTlsReplyAt = _clock.Elapsed;
                }
                else if (LastCommand == "EHLO")
                {
                    EhloAnswered = true;
                }
            }

            Add("S: " + line);
        }
    }

    public void Dispose()
    {
    }

    private static IEnumerable<string> SplitLines(StringBuilder pending, byte[] buffer, int offset, int count)
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

    private void Add(string line)
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
}
