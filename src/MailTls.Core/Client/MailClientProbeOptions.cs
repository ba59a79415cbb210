using System;
using System.Collections.Generic;
using System.Linq;
using MailTls.Certificates;
using MailTls.Smtp;

namespace MailTls.Client;

/// <summary>Which client services to probe and how: protocols, ports, TLS mode, names, time limits, trust. Immutable.</summary>
public sealed class MailClientProbeOptions
{
    /// <param name="protocols">The protocols to check; empty or null means all three.</param>
    /// <param name="ports">Ports to probe instead of each protocol's two usual ones; only with a single protocol.</param>
    /// <param name="mode">Auto: implicit TLS on 465, 993 and 995, STARTTLS elsewhere.</param>
    /// <param name="serverName">SNI and the name the certificate must match; null means each endpoint's host name.</param>
    /// <param name="heloName">The name submission probes send with EHLO; null means this machine's host name.</param>
    /// <param name="phaseTimeout">How long any one step (connect, greeting, each reply, the handshake) may take.</param>
    /// <param name="trust">Roots trusted besides the system store.</param>
    /// <exception cref="ArgumentException">Ports with several protocols, a bad port, or a server or HELO name that is not a host name.</exception>
    public MailClientProbeOptions(
        IEnumerable<MailClientProtocol>? protocols = null,
        IEnumerable<int>? ports = null,
        SmtpTlsMode mode = SmtpTlsMode.Auto,
        string? serverName = null,
        string? heloName = null,
        TimeSpan? phaseTimeout = null,
        CertificateTrust? trust = null)
    {
        var chosen = (protocols ?? Enumerable.Empty<MailClientProtocol>()).Distinct().OrderBy(p => p).ToArray();
        Protocols = chosen.Length == 0 ? new[] { MailClientProtocol.Submission, MailClientProtocol.Imap, MailClientProtocol.Pop3 } : chosen;
        Ports = (ports ?? Enumerable.Empty<int>()).Distinct().ToArray();
        if (Ports.Count > 0 && Protocols.Count != 1)
        {
            throw new ArgumentException("Ports can be given for one protocol only, so that it is clear what to speak on them: name one protocol with them.", nameof(ports));
        }

        // The SMTP options validate the names and the timeout the same way for every protocol, and know the default EHLO name.
        Wire = new SmtpProbeOptions(Ports.Count > 0 ? Ports[0] : SmtpProbeOptions.SubmissionsPort, SmtpTlsMode.StartTls, serverName, heloName, phaseTimeout, trust);
        foreach (var port in Ports.Skip(1))
        {
            _ = new SmtpProbeOptions(port);
        }

        Mode = mode;
        Identity = string.Join("|", Wire.Identity, Mode);
    }

    public IReadOnlyList<MailClientProtocol> Protocols { get; }

    /// <summary>Ports given instead of the usual ones; empty when each protocol's usual two are probed.</summary>
    public IReadOnlyList<int> Ports { get; }

    public SmtpTlsMode Mode { get; }

    public string? ServerName => Wire.ServerName;

    public string HeloName => Wire.HeloName;

    public TimeSpan PhaseTimeout => Wire.PhaseTimeout;

    public CertificateTrust Trust => Wire.Trust;

    internal SmtpProbeOptions Wire { get; }

    /// <summary>Everything that changes what a probe sees, as part of a cache key.</summary>
    internal string Identity { get; }

    /// <summary>The (port, mode) pairs to probe for <paramref name="protocol"/> on a host that offers it.</summary>
    internal IReadOnlyList<(int Port, SmtpTlsMode Mode)> PortsFor(MailClientProtocol protocol)
    {
        if (Ports.Count > 0)
        {
            return Ports.Select(p => (p, Mode == SmtpTlsMode.Auto ? ClientService.ModeForPort(p) : Mode)).ToArray();
        }

        return ClientService.Of(protocol)
            .Where(s => Mode == SmtpTlsMode.Auto || s.Mode == Mode)
            .Select(s => (s.Port, s.Mode))
            .ToArray();
    }
}
