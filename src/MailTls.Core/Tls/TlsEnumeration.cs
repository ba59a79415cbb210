using System;
using System.Collections.Generic;
using System.Linq;

namespace MailTls;

/// <summary>
/// Everything a full enumeration found out about one endpoint: the versions, suites, groups, DH
/// primes and certificates. Facts only; TlsRules turns them into findings.
/// </summary>
public sealed class TlsEnumeration
{
    internal TlsEnumeration(
        string domain,
        string host,
        string address,
        int port,
        string mode,
        IReadOnlyList<TlsVersionResult> versions,
        IReadOnlyList<TlsAcceptedGroup> tls13Groups,
        bool? tls13GroupServerOrder,
        bool tls13GroupsComplete,
        IReadOnlyList<TlsAcceptedGroup> curves,
        bool curvesComplete,
        string failure,
        int connections,
        TimeSpan elapsed)
    {
        Domain = domain;
        Host = host;
        Address = address;
        Port = port;
        Mode = mode;
        Versions = versions;
        Tls13Groups = tls13Groups;
        Tls13GroupServerOrder = tls13GroupServerOrder;
        Tls13GroupsComplete = tls13GroupsComplete;
        Curves = curves;
        CurvesComplete = curvesComplete;
        Failure = failure;
        Connections = connections;
        Elapsed = elapsed;
    }

    public string Domain { get; }

    public string Host { get; }

    public string Address { get; }

    public int Port { get; }

    /// <summary>How TLS starts: StartTls or Implicit.</summary>
    public string Mode { get; }

    /// <summary>One entry per version, SSL 3.0 first.</summary>
    public IReadOnlyList<TlsVersionResult> Versions { get; }

    /// <summary>The TLS 1.3 key-exchange groups the server accepts, in its preference order when it has one.</summary>
    public IReadOnlyList<TlsAcceptedGroup> Tls13Groups { get; }

    public bool? Tls13GroupServerOrder { get; }

    public bool Tls13GroupsComplete { get; }

    /// <summary>The elliptic curves the server accepts for ECDHE in TLS 1.2 and older.</summary>
    public IReadOnlyList<TlsAcceptedGroup> Curves { get; }

    public bool CurvesComplete { get; }

    /// <summary>Why nothing could be enumerated (no STARTTLS, nothing listening); empty when probes ran.</summary>
    public string Failure { get; }

    /// <summary>TCP connections made, retries included.</summary>
    public int Connections { get; }

    public TimeSpan Elapsed { get; }

    public TlsVersionResult this[TlsVersion version] =>
        Versions.FirstOrDefault(v => v.Version == version) ?? TlsVersionResult.Undecided(version, TlsSupport.Unknown, Failure);

    /// <summary>The same facts reported for another domain that shares this server.</summary>
    internal TlsEnumeration ForDomain(string domain) =>
        new(domain, Host, Address, Port, Mode, Versions, Tls13Groups, Tls13GroupServerOrder, Tls13GroupsComplete, Curves, CurvesComplete, Failure, Connections, Elapsed);

    /// <summary>Every version was decided and every accepted version's suites, groups and curves were searched to the end.</summary>
    public bool Complete => Failure.Length == 0 && Versions.All(v => v.Complete) && Tls13GroupsComplete && CurvesComplete;

    public override string ToString() => $"{Host} [{Address}]:{Port}: {string.Join(", ", Versions.Where(v => v.Support == TlsSupport.Accepted).Select(v => TlsVersions.DisplayName(v.Version)))}";
}
