using System;

namespace MailTls.Client;

/// <summary>One service to probe on a host: protocol, port, how TLS starts, and how the host was found.</summary>
public sealed class ClientEndpoint
{
    public ClientEndpoint(string domain, string hostName, MailClientProtocol protocol, int port, SmtpTlsMode mode, ClientEndpointSource source, string discovery)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), "The port must be from 1 to 65535.");
        }

        if (mode == SmtpTlsMode.Auto)
        {
            throw new ArgumentException("An endpoint's TLS mode is StartTls or Implicit, not Auto.", nameof(mode));
        }

        Domain = domain ?? string.Empty;
        HostName = hostName ?? throw new ArgumentNullException(nameof(hostName));
        Protocol = protocol;
        Port = port;
        Mode = mode;
        Source = source;
        Discovery = discovery ?? string.Empty;
    }

    /// <summary>The mail domain it was found for; empty for -ComputerName.</summary>
    public string Domain { get; }

    /// <summary>The host name (or address) clients connect to.</summary>
    public string HostName { get; }

    public MailClientProtocol Protocol { get; }

    public int Port { get; }

    public SmtpTlsMode Mode { get; }

    public ClientEndpointSource Source { get; }

    /// <summary>The record or name that led here, e.g. "SRV _imaps._tcp.contoso.com: 0 1 993 mail.contoso.com".</summary>
    public string Discovery { get; }

    public override string ToString() => $"{Protocol} {HostName}:{Port} ({Mode})";
}
