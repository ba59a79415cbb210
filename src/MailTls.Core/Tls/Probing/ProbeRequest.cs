using System;
using System.Collections.Generic;

namespace MailTls.Tls;

/// <summary>What one ClientHello offers, and how far the handshake goes.</summary>
internal sealed class ProbeRequest
{
    public ProbeRequest(string purpose, TlsVersion version, IReadOnlyList<int> cipherSuites, IReadOnlyList<int>? groups, IReadOnlyList<int>? keyShares, ProbeDepth depth)
    {
        Purpose = purpose;
        Version = version;
        CipherSuites = cipherSuites ?? throw new ArgumentNullException(nameof(cipherSuites));
        Groups = groups;
        KeyShares = keyShares;
        Depth = depth;
    }

    /// <summary>For the log: "TLS 1.2 suites, round 3".</summary>
    public string Purpose { get; }

    /// <summary>The only version offered.</summary>
    public TlsVersion Version { get; }

    /// <summary>The suites offered, in order; no filtering, so suites the client could not finish (RC4, export) are offered too.</summary>
    public IReadOnlyList<int> CipherSuites { get; }

    /// <summary>The supported_groups extension; null leaves it out.</summary>
    public IReadOnlyList<int>? Groups { get; }

    /// <summary>TLS 1.3 key shares to send; empty makes the server name its group in a HelloRetryRequest.</summary>
    public IReadOnlyList<int>? KeyShares { get; }

    public ProbeDepth Depth { get; }
}
