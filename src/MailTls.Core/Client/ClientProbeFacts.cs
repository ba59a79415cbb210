using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;

namespace MailTls.Client;

/// <summary>
/// What one probe of one client endpoint at one address saw, nothing judged: how far the dialogue
/// got, the TLS session, the certificate as inspected, and how the server offered logging in before
/// and after TLS. Shared, unchanged, by every input of the run that names the same endpoint.
/// </summary>
internal sealed class ClientProbeFacts
{
    public ClientProbeFacts(IPAddress address, MailClientProtocol protocol, int port, SmtpTlsMode mode, string serverName)
    {
        Address = address;
        Protocol = protocol;
        Port = port;
        Mode = mode;
        ServerName = serverName;
    }

    public IPAddress Address { get; }

    public MailClientProtocol Protocol { get; }

    public int Port { get; }

    public SmtpTlsMode Mode { get; }

    public string ServerName { get; }

    /// <summary>Why the dialogue stopped early, as a finding; null when it ran to QUIT/LOGOUT.</summary>
    public Finding? Failure { get; init; }

    /// <summary>The probe got far enough to say something about TLS (else the verdict is Error).</summary>
    public bool Ran { get; init; } = true;

    /// <summary>A TCP connection was made.</summary>
    public bool Reachable { get; init; }

    public string Greeting { get; init; } = string.Empty;

    /// <summary>Whether the capabilities offered STARTTLS (STLS); null for implicit TLS and when the dialogue did not get that far.</summary>
    public bool? TlsOffered { get; init; }

    public bool TlsEstablished { get; init; }

    public TlsVersion? TlsProtocol { get; init; }

    public string CipherSuite { get; init; } = string.Empty;

    /// <summary>How the server offered logging in over the clear-text connection; null for implicit TLS and when not seen.</summary>
    public AuthOffer? BeforeTls { get; init; }

    /// <summary>How it offered logging in once TLS was up; null without a TLS session.</summary>
    public AuthOffer? AfterTls { get; init; }

    public CertificateReport? Certificate { get; init; }

    /// <summary>Every certificate the server sent, leaf first.</summary>
    public IReadOnlyList<X509Certificate2> Presented { get; init; } = Array.Empty<X509Certificate2>();

    public double ConnectMs { get; init; }

    public double TlsMs { get; init; }

    public double ElapsedMs { get; init; }
}
