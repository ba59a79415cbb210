using System;
using System.Collections.Generic;
using System.Linq;
using MailTls.Tls;

namespace MailTls;

/// <summary>
/// The quick scan: one probe per version (five connections), saying which versions the server
/// accepts. Unknown means the probe could not decide (rate limit, timeout), never "not accepted".
/// </summary>
public sealed class TlsProtocolScan
{
    private readonly IReadOnlyDictionary<TlsVersion, TlsSupport> _support;
    private readonly IReadOnlyDictionary<TlsVersion, string> _suites;

    internal TlsProtocolScan(TlsEndpoint endpoint, IReadOnlyDictionary<TlsVersion, TlsSupport> support, IReadOnlyDictionary<TlsVersion, string> suites, string failure, int connections, TimeSpan elapsed)
    {
        Domain = endpoint.Domain;
        Host = endpoint.Host;
        Address = endpoint.Address.ToString();
        Port = endpoint.Port;
        Mode = endpoint.Preamble.Name;
        _support = support;
        _suites = suites;
        Accepted = TlsVersionCodes.All.Where(v => Support(v) == TlsSupport.Accepted).ToArray();
        AcceptedList = new TextList(Accepted.Select(v => v.DisplayName()));
        Failure = failure;
        Connections = connections;
        Elapsed = elapsed;
    }

    public string Domain { get; }

    public string Host { get; }

    public string Address { get; }

    public int Port { get; }

    public string Mode { get; }

    public TlsSupport Ssl3 => Support(TlsVersion.Ssl3);

    public TlsSupport Tls10 => Support(TlsVersion.Tls10);

    public TlsSupport Tls11 => Support(TlsVersion.Tls11);

    public TlsSupport Tls12 => Support(TlsVersion.Tls12);

    public TlsSupport Tls13 => Support(TlsVersion.Tls13);

    /// <summary>The accepted versions, oldest first.</summary>
    public IReadOnlyList<TlsVersion> Accepted { get; }

    /// <summary>The accepted versions as "TLS 1.2; TLS 1.3", shared by every row that shows this scan.</summary>
    internal TextList AcceptedList { get; }

    public TlsVersion? LowestAccepted => Accepted.Count == 0 ? null : Accepted[0];

    public TlsVersion? HighestAccepted => Accepted.Count == 0 ? null : Accepted[Accepted.Count - 1];

    /// <summary>"TLS 1.0" and so on, or empty when no version was accepted.</summary>
    public string LowestProtocol => LowestAccepted?.DisplayName() ?? string.Empty;

    /// <summary>Every version was decided (none Unknown).</summary>
    public bool Complete => TlsVersionCodes.All.All(v => Support(v) != TlsSupport.Unknown);

    /// <summary>Why nothing could be scanned (no STARTTLS, nothing listening); empty when probes ran.</summary>
    public string Failure { get; }

    public int Connections { get; }

    public TimeSpan Elapsed { get; }

    public TlsSupport Support(TlsVersion version) => _support.TryGetValue(version, out var support) ? support : TlsSupport.Unknown;

    /// <summary>The suite the server chose when offered every suite of <paramref name="version"/>; empty unless accepted.</summary>
    public string NegotiatedSuite(TlsVersion version) => _suites.TryGetValue(version, out var suite) ? suite : string.Empty;

    public override string ToString() => $"{Host} [{Address}]:{Port}: " + string.Join(", ", TlsVersionCodes.All.Select(v => $"{v.DisplayName()} {Support(v)}"));
}
