using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;

namespace MailTls.Smtp;

/// <summary>
/// What one probe of one address saw, and nothing judged: the dialogue, the TLS session, the
/// certificate as presented and inspected, and — when the dialogue broke — the step and the reason.
/// Shared, unchanged, by every domain whose MX points at this address (under this SNI name).
/// </summary>
internal sealed class SmtpProbeFacts
{
    public SmtpProbeFacts(IPAddress address, SmtpProbeOptions options, string serverName)
    {
        Address = address;
        Options = options;
        ServerName = serverName;
    }

    public IPAddress Address { get; }

    public SmtpProbeOptions Options { get; }

    public string ServerName { get; }

    /// <summary>Why the dialogue stopped early, as a finding; null when it ran to QUIT.</summary>
    public Finding? Failure { get; init; }

    /// <summary>The probe got far enough to say something about TLS (else the verdict is Error).</summary>
    public bool Ran { get; init; } = true;

    /// <summary>The server answered 421, or refused a connection after having answered one: it limits this client.</summary>
    public bool Busy { get; init; }

    public string Banner { get; init; } = string.Empty;

    /// <summary>Whether EHLO listed STARTTLS; null for implicit TLS and when the dialogue did not get that far.</summary>
    public bool? StartTlsOffered { get; init; }

    public bool TlsEstablished { get; init; }

    public TlsVersion? Protocol { get; init; }

    public string CipherSuite { get; init; } = string.Empty;

    public TextList Capabilities { get; init; } = TextList.None;

    public bool RequireTls { get; init; }

    /// <summary>The certificate as inspected against <see cref="ServerName"/>; null without one.</summary>
    public CertificateReport? Certificate { get; init; }

    /// <summary>Every certificate the server sent, leaf first.</summary>
    public IReadOnlyList<X509Certificate2> Presented { get; init; } = Array.Empty<X509Certificate2>();

    public double ConnectMs { get; init; }

    public double BannerMs { get; init; }

    public double TlsMs { get; init; }

    public double ElapsedMs { get; init; }

    /// <summary>When the probe ended, for time-dependent rules (DANE-TA validity).</summary>
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}
