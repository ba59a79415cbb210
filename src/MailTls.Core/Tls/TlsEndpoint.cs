using System;
using System.Net;
using MailTls.Dns;
using MailTls.Smtp;

namespace MailTls.Tls;

/// <summary>One address and port to probe, how TLS starts there, and where the target came from.</summary>
public sealed class TlsEndpoint
{
    /// <param name="address">The address to connect to.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="preamble">What happens before the ClientHello (STARTTLS, or nothing for implicit TLS).</param>
    /// <param name="host">The host name (an MX target or -ComputerName) or null when probed by address: sent as SNI.</param>
    /// <param name="domain">The mail domain the host serves, or empty.</param>
    public TlsEndpoint(IPAddress address, int port, ITlsPreamble preamble, string? host = null, string? domain = null)
    {
        Address = address ?? throw new ArgumentNullException(nameof(address));
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), "The port must be from 1 to 65535.");
        }

        Port = port;
        Preamble = preamble ?? throw new ArgumentNullException(nameof(preamble));
        ServerName = string.IsNullOrWhiteSpace(host) || AddressText.TryParse(host!.Trim(), out _) ? null : host!.Trim().TrimEnd('.');
        Host = ServerName ?? Address.ToString();
        Domain = domain ?? string.Empty;
    }

    /// <summary>An SMTP endpoint as <paramref name="options"/> describe it: STARTTLS with its EHLO name, or implicit TLS.</summary>
    public static TlsEndpoint ForSmtp(IPAddress address, string? host, string? domain, SmtpProbeOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        ITlsPreamble preamble = options.Mode == SmtpTlsMode.Implicit ? ImplicitTlsPreamble.Instance : new SmtpStartTlsPreamble(options.HeloName, options.PhaseTimeout);
        return new TlsEndpoint(address, options.Port, preamble, options.ServerName ?? host, domain);
    }

    public IPAddress Address { get; }

    public int Port { get; }

    public ITlsPreamble Preamble { get; }

    /// <summary>The name sent as SNI and used in the SMTP dialogue; null when the target was an address.</summary>
    public string? ServerName { get; }

    /// <summary>The host name, or the address as text.</summary>
    public string Host { get; }

    public string Domain { get; }

    public override string ToString() =>
        Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"{Host} [{Address}]:{Port}" : $"{Host} {Address}:{Port}";
}
