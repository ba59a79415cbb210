using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MailTls.Bulk;

namespace MailTls.Session;

/// <summary>What one run may use: which resolvers, how long each step may take, how much at once, whom to trust.</summary>
public sealed class RunSessionOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <param name="dnsServers">Resolvers to ask; empty means the system's.</param>
    /// <param name="timeout">How long one step may take: a DNS answer, a connect, a reply, a handshake, a fetch.</param>
    /// <param name="throttleLimit">Items worked on at once; also the DNS questions in flight.</param>
    /// <param name="maxConnectionsPerAddress">Connections open at once to one address, before it reports itself busy.</param>
    /// <param name="trustedRoots">Roots trusted besides the system's.</param>
    public RunSessionOptions(
        IEnumerable<IPEndPoint>? dnsServers = null,
        TimeSpan? timeout = null,
        int throttleLimit = 32,
        int maxConnectionsPerAddress = ConnectionGate.DefaultPerAddress,
        IEnumerable<X509Certificate2>? trustedRoots = null)
    {
        DnsServers = (dnsServers ?? Enumerable.Empty<IPEndPoint>()).ToArray();
        Timeout = timeout ?? DefaultTimeout;
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must be positive.");
        }

        if (throttleLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(throttleLimit), "At least one item must be worked on at once.");
        }

        if (maxConnectionsPerAddress < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConnectionsPerAddress), "At least one connection per address must be allowed.");
        }

        ThrottleLimit = throttleLimit;
        MaxConnectionsPerAddress = maxConnectionsPerAddress;
        TrustedRoots = (trustedRoots ?? Enumerable.Empty<X509Certificate2>()).ToArray();
    }

    public IReadOnlyList<IPEndPoint> DnsServers { get; }

    public TimeSpan Timeout { get; }

    public int ThrottleLimit { get; }

    /// <summary>Connections open at once in the run: a few per item, since each domain probes its MX addresses in parallel.</summary>
    public int MaxConnections => Math.Max(4, ThrottleLimit * 4);

    public int MaxConnectionsPerAddress { get; }

    public IReadOnlyList<X509Certificate2> TrustedRoots { get; }

    /// <summary>How often a server that answers 421 (or refuses after having answered) is tried again.</summary>
    public int BusyRetries { get; init; } = 3;

    /// <summary>The first wait before trying a busy server again; each further wait doubles.</summary>
    public TimeSpan BusyBackoff { get; init; } = TimeSpan.FromSeconds(1);
}
