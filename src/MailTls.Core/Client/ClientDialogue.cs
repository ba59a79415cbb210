using System;
using System.Linq;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;

namespace MailTls.Client;

/// <summary>
/// The one protocol-specific part of a client probe: which MailKit client speaks it, and how its
/// capabilities say whether a client may log in. Everything else (connect, TLS, certificate,
/// QUIT/LOGOUT) is MailKit's common MailService.
/// </summary>
internal abstract class ClientDialogue : IDisposable
{
    public abstract MailService Client { get; }

    /// <summary>The command that upgrades the connection: STARTTLS, or STLS for POP3.</summary>
    public abstract string TlsCommand { get; }

    /// <summary>Whether the capabilities listed so far offer the upgrade.</summary>
    public abstract bool OffersTls { get; }

    public static ClientDialogue For(MailClientProtocol protocol, ClientTranscript transcript, string heloName) => protocol switch
    {
        MailClientProtocol.Submission => new Submission(new SmtpClient(transcript) { LocalDomain = heloName }),
        MailClientProtocol.Imap => new Imap(new ImapClient(transcript)),
        MailClientProtocol.Pop3 => new Pop3(new Pop3Client(transcript), transcript),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    /// <summary>How the server lets clients log in, as its capabilities say right now.</summary>
    public AuthOffer Offer() => new(Capabilities(), new TextList(Client.AuthenticationMechanisms.OrderBy(m => m, StringComparer.Ordinal)), LoginCommand());

    public void Dispose() => Client.Dispose();

    protected abstract TextList Capabilities();

    protected abstract bool LoginCommand();

    // The flags' own names ("Pipelining, StartTLS"), without None: readable and stable across MailKit releases.
    private protected static TextList Flags(Enum flags, params Enum[] skipped) =>
        new(flags.ToString().Split(new[] { ", " }, StringSplitOptions.RemoveEmptyEntries)
            .Where(f => f != "None" && !skipped.Any(s => s.ToString() == f)));

    private sealed class Submission : ClientDialogue
    {
        private readonly SmtpClient _client;

        public Submission(SmtpClient client) => _client = client;

        public override MailService Client => _client;

        public override string TlsCommand => "STARTTLS";

        public override bool OffersTls => _client.Capabilities.HasFlag(SmtpCapabilities.StartTLS);

        // MailKit keeps the STARTTLS flag after the upgrade although the server no longer lists it (also for IMAP and POP3).
        protected override TextList Capabilities() =>
            _client.IsSecure ? Flags(_client.Capabilities, SmtpCapabilities.StartTLS) : Flags(_client.Capabilities);

        protected override bool LoginCommand() => false;
    }

    private sealed class Imap : ClientDialogue
    {
        private readonly ImapClient _client;

        public Imap(ImapClient client) => _client = client;

        public override MailService Client => _client;

        public override string TlsCommand => "STARTTLS";

        public override bool OffersTls => _client.Capabilities.HasFlag(ImapCapabilities.StartTLS);

        protected override TextList Capabilities() =>
            _client.IsSecure ? Flags(_client.Capabilities, ImapCapabilities.StartTLS) : Flags(_client.Capabilities);

        // IMAP's LOGIN command is always there unless the server says LOGINDISABLED (RFC 9051 §6.2.3).
        protected override bool LoginCommand() => !_client.Capabilities.HasFlag(ImapCapabilities.LoginDisabled);
    }

    private sealed class Pop3 : ClientDialogue
    {
        private readonly Pop3Client _client;
        private readonly ClientTranscript _transcript;

        public Pop3(Pop3Client client, ClientTranscript transcript)
        {
            _client = client;
            _transcript = transcript;
        }

        public override MailService Client => _client;

        public override string TlsCommand => "STLS";

        public override bool OffersTls => _client.Capabilities.HasFlag(Pop3Capabilities.StartTLS);

        protected override TextList Capabilities() =>
            _client.IsSecure ? Flags(_client.Capabilities, Pop3Capabilities.StartTLS) : Flags(_client.Capabilities);

        // A server that answers CAPA lists USER when it takes it (RFC 2449 §6.2); one that does not answer CAPA takes it (RFC 1939).
        protected override bool LoginCommand()
        {
            var capa = _transcript.CapaLines;
            return capa.Count > 0 && capa[0].StartsWith("+OK", StringComparison.Ordinal)
                ? capa.Any(l => l.Equals("USER", StringComparison.OrdinalIgnoreCase))
                : _client.Capabilities.HasFlag(Pop3Capabilities.User);
        }
    }
}
