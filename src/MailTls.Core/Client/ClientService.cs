using System;
using System.Collections.Generic;
using System.Linq;

namespace MailTls.Client;

/// <summary>
/// The six client services: each protocol over STARTTLS and over implicit TLS, with the port and the
/// SRV name RFC 6186 and RFC 8314 give it, and the host names clients guess when a domain publishes none.
/// </summary>
internal sealed class ClientService
{
    public static readonly IReadOnlyList<ClientService> All = new[]
    {
        new ClientService(MailClientProtocol.Submission, SmtpTlsMode.StartTls, 587, "_submission._tcp"),
        new ClientService(MailClientProtocol.Submission, SmtpTlsMode.Implicit, 465, "_submissions._tcp"),
        new ClientService(MailClientProtocol.Imap, SmtpTlsMode.StartTls, 143, "_imap._tcp"),
        new ClientService(MailClientProtocol.Imap, SmtpTlsMode.Implicit, 993, "_imaps._tcp"),
        new ClientService(MailClientProtocol.Pop3, SmtpTlsMode.StartTls, 110, "_pop3._tcp"),
        new ClientService(MailClientProtocol.Pop3, SmtpTlsMode.Implicit, 995, "_pop3s._tcp"),
    };

    private ClientService(MailClientProtocol protocol, SmtpTlsMode mode, int port, string srvPrefix)
    {
        Protocol = protocol;
        Mode = mode;
        Port = port;
        SrvPrefix = srvPrefix;
    }

    public MailClientProtocol Protocol { get; }

    public SmtpTlsMode Mode { get; }

    public int Port { get; }

    /// <summary>"_imaps._tcp": the SRV owner name below the domain.</summary>
    public string SrvPrefix { get; }

    public static IEnumerable<ClientService> Of(MailClientProtocol protocol) => All.Where(s => s.Protocol == protocol);

    /// <summary>Implicit TLS on the ports RFC 8314 assigns it (465, 993, 995), STARTTLS on any other.</summary>
    public static SmtpTlsMode ModeForPort(int port) =>
        All.Any(s => s.Mode == SmtpTlsMode.Implicit && s.Port == port) ? SmtpTlsMode.Implicit : SmtpTlsMode.StartTls;

    /// <summary>The names clients try, in order, when the domain publishes no SRV record for <paramref name="protocol"/>.</summary>
    public static IReadOnlyList<string> UsualNames(MailClientProtocol protocol, string domain)
    {
        var labels = protocol switch
        {
            MailClientProtocol.Submission => new[] { "smtp", "mail" },
            MailClientProtocol.Imap => new[] { "imap", "mail" },
            MailClientProtocol.Pop3 => new[] { "pop", "mail" },
            _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
        };
        return labels.Select(l => l + "." + domain).ToArray();
    }

    /// <summary>The port a user of this protocol and mode expects.</summary>
    public static int DefaultPort(MailClientProtocol protocol, SmtpTlsMode mode) => All.First(s => s.Protocol == protocol && s.Mode == mode).Port;

    public override string ToString() => $"{Protocol} {Mode} {Port}";
}
