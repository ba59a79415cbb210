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
    private readonly Stopwatch _clock;
    private readonly TranscriptWriter _writer;

    public SmtpTranscript(Stopwatch clock, OperationLog log)
    {
        _clock = clock;
        _writer = new TranscriptWriter(log);
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

    public void Note(string text) => _writer.Write(text);

    public void LogConnect(Uri uri) => _writer.Write($"Connected to {uri}");

    public void LogClient(byte[] buffer, int offset, int count)
    {
        foreach (var line in _writer.ClientLines(buffer, offset, count))
        {
            var verb = line.Split(' ')[0].ToUpperInvariant();
            LastCommand = verb;
            LastReply = null;
            StartTlsSent |= verb == "STARTTLS";
            _writer.Write("C: " + line);
        }
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        foreach (var line in _writer.ServerLines(buffer, offset, count))
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

            _writer.Write("S: " + line);
        }
    }

    public void Dispose()
    {
    }
}
