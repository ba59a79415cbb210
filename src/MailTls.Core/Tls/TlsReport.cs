using System;
using System.Collections.Generic;
using System.Linq;
using MailTls.Certificates;

namespace MailTls.Tls;

/// <summary>Shapes an enumeration for output: one row per accepted (version, suite), or one summary per endpoint.</summary>
public static class TlsReport
{
    /// <summary>Every accepted suite, newest version first; within a version by the server's preference, or strongest first.</summary>
    public static IReadOnlyList<TlsCipherSuite> CipherSuites(TlsEnumeration enumeration)
    {
        if (enumeration is null)
        {
            throw new ArgumentNullException(nameof(enumeration));
        }

        return Enumerable.Reverse(enumeration.Versions).SelectMany(v => v.Suites.Select(s => new TlsCipherSuite(enumeration, v, s))).ToArray();
    }

    /// <summary>The one-row summary with findings (see <see cref="TlsRules.ForEnumeration"/>) and verdict.</summary>
    public static TlsProtocolSupport Summary(TlsEnumeration enumeration, bool opportunistic)
    {
        if (enumeration is null)
        {
            throw new ArgumentNullException(nameof(enumeration));
        }

        var accepted = enumeration.Versions.Where(v => v.Support == TlsSupport.Accepted).ToArray();
        var rows = accepted.SelectMany(v => v.Suites.Select(s => (v.Version, s.Suite))).ToArray();
        var weakest = rows.OrderByDescending(r => r.Suite.Rating.Ncsc).ThenBy(r => r.Version).Select(r => ((TlsVersion, CipherSuiteInfo)?)r).FirstOrDefault();
        var orders = accepted.Where(v => v.ServerOrder is not null).Select(v => v.ServerOrder!.Value).Distinct().ToArray();
        var certificate = Enumerable.Reverse(accepted).Select(v => v.Certificate).FirstOrDefault(c => c is not null);
        var findings = TlsRules.ForEnumeration(enumeration, opportunistic);
        var key = certificate is null ? default : KeyOf(certificate);
        return new TlsProtocolSupport
        {
            Domain = enumeration.Domain,
            Host = enumeration.Host,
            Address = enumeration.Address,
            Port = enumeration.Port,
            Mode = enumeration.Mode,
            Ssl3 = enumeration[TlsVersion.Ssl3].Support,
            Tls10 = enumeration[TlsVersion.Tls10].Support,
            Tls11 = enumeration[TlsVersion.Tls11].Support,
            Tls12 = enumeration[TlsVersion.Tls12].Support,
            Tls13 = enumeration[TlsVersion.Tls13].Support,
            Protocols = new TextList(accepted.Select(v => v.Version.DisplayName())),
            LowestProtocol = accepted.FirstOrDefault()?.Version.DisplayName() ?? string.Empty,
            HighestProtocol = accepted.LastOrDefault()?.Version.DisplayName() ?? string.Empty,
            Suites = rows.Length,
            Good = rows.Count(r => r.Suite.Rating.Ncsc == NcscClass.Good),
            Sufficient = rows.Count(r => r.Suite.Rating.Ncsc == NcscClass.Sufficient),
            PhaseOut = rows.Count(r => r.Suite.Rating.Ncsc == NcscClass.PhaseOut),
            Insufficient = rows.Count(r => r.Suite.Rating.Ncsc == NcscClass.Insufficient),
            WeakestSuite = weakest is { } w ? $"{w.Item1.DisplayName()} {w.Item2.Name}" : string.Empty,
            WeakestClass = weakest?.Item2.Rating.Ncsc,
            ServerOrder = orders.Length switch { 0 => string.Empty, 1 => orders[0] ? "server" : "client", _ => "mixed" },
            Tls13Groups = new TextList(enumeration.Tls13Groups.Select(g => g.Group.Name)),
            Curves = new TextList(enumeration.Curves.Select(g => g.Group.Name)),
            DhPrimeBits = accepted.SelectMany(v => v.Suites).Select(s => s.DhPrimeBits).Where(b => b is not null).Min(),
            Certificate = certificate,
            CertificateKey = certificate is null ? string.Empty : $"{key.Algorithm} {key.Bits}",
            Complete = enumeration.Complete,
            Connections = enumeration.Connections,
            ElapsedMs = Math.Round(enumeration.Elapsed.TotalMilliseconds, 1),
            Findings = findings,
            Verdict = VerdictRules.From(findings, Coverage(enumeration)),
        };
    }

    /// <summary>None when the server would not do TLS at all; Partial when rate limits or timeouts left something Unknown.</summary>
    public static CheckCoverage Coverage(TlsEnumeration enumeration) =>
        enumeration.Failure.Length > 0 ? CheckCoverage.None : enumeration.Complete ? CheckCoverage.Complete : CheckCoverage.Partial;

    internal static (string Algorithm, int Bits) KeyOf(ServerCertificate certificate)
    {
        using var copy = certificate.ToX509Certificate2();
        return CertificateFields.ReadPublicKey(copy);
    }
}
