using System;
using System.Linq;

namespace MailTls.Client;

/// <summary>
/// How a server lets clients log in at one point of the dialogue (before or after TLS): the SASL
/// mechanisms it lists, and whether a password could be sent at all, in the clear-text form or any.
/// </summary>
internal sealed class AuthOffer
{
    private static readonly string[] PasswordMechanisms = { "PLAIN", "LOGIN" };

    public AuthOffer(TextList capabilities, TextList mechanisms, bool loginCommand)
    {
        Capabilities = capabilities;
        Mechanisms = mechanisms;
        LoginCommand = loginCommand;
    }

    /// <summary>The capabilities (EHLO keywords, IMAP CAPABILITY, POP3 CAPA) the server listed.</summary>
    public TextList Capabilities { get; }

    /// <summary>SASL mechanisms (SMTP AUTH, IMAP AUTH=, POP3 SASL).</summary>
    public TextList Mechanisms { get; }

    /// <summary>IMAP LOGIN (not LOGINDISABLED) or POP3 USER: a password in the protocol's own command.</summary>
    public bool LoginCommand { get; }

    /// <summary>A client could try to log in here at all.</summary>
    public bool AcceptsLogin => LoginCommand || Mechanisms.Count > 0;

    /// <summary>The password itself would travel (PLAIN, LOGIN, IMAP LOGIN, POP3 USER/PASS), readable by anyone on the path without TLS.</summary>
    public bool PlaintextPassword => LoginCommand || Mechanisms.Any(m => PasswordMechanisms.Contains(m, StringComparer.OrdinalIgnoreCase));

    /// <summary>"AUTH PLAIN LOGIN", "LOGIN command", …: what the server offers, for a finding's message.</summary>
    public string Describe(MailClientProtocol protocol)
    {
        var parts = Mechanisms.Count > 0 ? new[] { "AUTH " + string.Join(" ", Mechanisms) } : Array.Empty<string>();
        if (LoginCommand)
        {
            parts = parts.Append(protocol == MailClientProtocol.Pop3 ? "USER/PASS" : "the LOGIN command").ToArray();
        }

        return string.Join(" and ", parts);
    }
}
