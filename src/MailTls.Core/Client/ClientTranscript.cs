using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using MailKit;
using MailTls.Diagnostics;

namespace MailTls.Client;

/// <summary>
/// MailKit's protocol logger for one client probe: writes the dialogue as "C:"/"S:" lines to the
/// operation's log, and remembers where it stood (greeting seen, last command, whether the TLS
/// command went out and was answered) so a failure can be named by its step. Bounded, because
/// hostile servers send megabytes. A probe never authenticates, so no secret ever passes here.
/// </summary>
internal sealed class ClientTranscript : IProtocolLogger
{
    private readonly Stopwatch _clock;
    private readonly bool _tagged;
    private readonly string _tlsCommand;
    private readonly TranscriptWriter _writer;
    private readonly List<string> _capa = new();

    /// <param name="clock">The probe's clock, for when the greeting and the TLS go-ahead came.</param>
    /// <param name="log">Receives the lines.</param>
    /// <param name="tagged">IMAP: every command starts with a tag, the verb is the second word.</param>
    /// <param name="tlsCommand">STARTTLS or STLS.</param>
    public ClientTranscript(Stopwatch clock, OperationLog log, bool tagged, string tlsCommand)
    {
        _clock = clock;
        _writer = new TranscriptWriter(log);
        _tagged = tagged;
        _tlsCommand = tlsCommand;
    }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>Called as the TLS command goes out: the clear-text capabilities are complete then, whatever the handshake does next.</summary>
    public Action? TlsCommandSending { get; set; }

    /// <summary>The first complete line the server sent, if any.</summary>
    public string? Greeting { get; private set; }

    public TimeSpan? GreetingAt { get; private set; }

    /// <summary>The verb of the last command the client sent (EHLO, CAPABILITY, CAPA, STARTTLS, STLS…).</summary>
    public string? LastCommand { get; private set; }

    /// <summary>The server answered at least one command, so its capabilities are known.</summary>
    public bool Answered { get; private set; }

    /// <summary>The client sent STARTTLS (or STLS), which MailKit only does when the server offers it.</summary>
    public bool TlsCommandSent { get; private set; }

    /// <summary>When the server answered the TLS command: the handshake starts here.</summary>
    public TimeSpan? TlsReplyAt { get; private set; }

    /// <summary>
    /// The lines of the last answer to POP3's CAPA (RFC 2449), as sent. MailKit assumes USER is always
    /// there, so whether a server offers it before STLS can only be read here.
    /// </summary>
    public IReadOnlyList<string> CapaLines => _capa.ToArray();

    public void LogConnect(Uri uri) => _writer.Write($"Connected to {uri}");

    public void LogClient(byte[] buffer, int offset, int count)
    {
        foreach (var line in _writer.ClientLines(buffer, offset, count))
        {
            var words = line.Split(' ');
            var verb = (_tagged && words.Length > 1 ? words[1] : words[0]).ToUpperInvariant();
            LastCommand = verb;
            if (verb == "CAPA")
            {
                _capa.Clear();
            }

            if (verb == _tlsCommand && !TlsCommandSent)
            {
                TlsCommandSent = true;
                TlsCommandSending?.Invoke();
            }
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
            else if (LastCommand is not null)
            {
                Answered = true;
                if (LastCommand == "CAPA")
                {
                    _capa.Add(line);
                }

                if (LastCommand == _tlsCommand && TlsReplyAt is null)
                {
                    TlsReplyAt = _clock.Elapsed;
                }
            }

            _writer.Write("S: " + line);
        }
    }

    public void Dispose()
    {
    }
}
