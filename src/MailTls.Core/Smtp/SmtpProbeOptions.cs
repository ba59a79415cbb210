using System;
using System.Linq;
using MailTls.Certificates;

namespace MailTls.Smtp;

/// <summary>How to probe: port, TLS mode, names, time limits and trust. Immutable.</summary>
public sealed class SmtpProbeOptions
{
    public const int SmtpPort = 25;
    public const int SubmissionsPort = 465;
    public static readonly TimeSpan DefaultPhaseTimeout = TimeSpan.FromSeconds(10);

    /// <param name="port">The TCP port, 25 unless given.</param>
    /// <param name="mode">Auto picks implicit TLS on 465 and STARTTLS elsewhere.</param>
    /// <param name="serverName">SNI and the name the certificate must match; null means the exchanger's host name.</param>
    /// <param name="heloName">The name sent with EHLO; null means this machine's host name.</param>
    /// <param name="phaseTimeout">How long any one step (connect, banner, each reply, the handshake) may take.</param>
    /// <param name="trust">Roots trusted besides the system store.</param>
    /// <exception cref="ArgumentException">The server or HELO name is not a host name (or, for HELO, an address literal).</exception>
    public SmtpProbeOptions(
        int port = SmtpPort,
        SmtpTlsMode mode = SmtpTlsMode.Auto,
        string? serverName = null,
        string? heloName = null,
        TimeSpan? phaseTimeout = null,
        CertificateTrust? trust = null)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), "The port must be from 1 to 65535.");
        }

        Port = port;
        Mode = mode == SmtpTlsMode.Auto ? (port == SubmissionsPort ? SmtpTlsMode.Implicit : SmtpTlsMode.StartTls) : mode;
        ServerName = string.IsNullOrWhiteSpace(serverName) ? null : WireNames.ServerName(serverName!, nameof(serverName));
        HeloName = string.IsNullOrWhiteSpace(heloName) ? DefaultHeloName() : WireNames.HeloName(heloName!, nameof(heloName));
        PhaseTimeout = phaseTimeout ?? DefaultPhaseTimeout;
        if (PhaseTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(phaseTimeout), "The timeout must be positive.");
        }

        Trust = trust ?? CertificateTrust.System;
        Identity = string.Join("|", Port, Mode, ServerName ?? "*", HeloName, string.Join(",", Trust.ExtraRoots.Select(r => r.Thumbprint)));
    }

    /// <summary>Everything that changes what a probe sees, as a cache key: two probes with equal identities are the same probe.</summary>
    internal string Identity { get; }

    public int Port { get; }

    /// <summary>Never Auto: resolved from the port at construction.</summary>
    public SmtpTlsMode Mode { get; }

    public string? ServerName { get; }

    public string HeloName { get; }

    public TimeSpan PhaseTimeout { get; }

    /// <summary>The whole dialogue's limit: four phases' worth, as a stuck server can stall every step.</summary>
    public TimeSpan OverallTimeout => TimeSpan.FromTicks(PhaseTimeout.Ticks * 4);

    /// <summary>More than any honest server sends before and during the handshake; beyond it the server is hostile.</summary>
    public int MaxServerBytes => 256 * 1024;

    public CertificateTrust Trust { get; }

    // The machine's name when it is a usable HELO name; some are not (underscores, a bare label is fine).
    private static string DefaultHeloName()
    {
        var host = System.Net.Dns.GetHostName();
        return WireNames.TryHeloName(host, out var helo) ? helo : "localhost";
    }
}
