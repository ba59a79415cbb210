using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace MailTls.Dns;

/// <summary>Which resolvers to ask and how long to wait; immutable once built.</summary>
public sealed class DnsResolverOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <param name="servers">Resolvers to ask, in order; empty means the system's resolvers.</param>
    /// <param name="timeout">How long to wait for an answer from each server, all attempts together.</param>
    /// <param name="attempts">How often to ask a silent server (UDP packets get lost) before moving on.</param>
    public DnsResolverOptions(IEnumerable<IPEndPoint>? servers = null, TimeSpan? timeout = null, int attempts = 2)
    {
        Servers = (servers ?? Enumerable.Empty<IPEndPoint>()).ToArray();
        Timeout = timeout ?? DefaultTimeout;
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "The DNS timeout must be positive.");
        }

        if (attempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(attempts), "At least one attempt is needed.");
        }

        Attempts = attempts;
    }

    public IReadOnlyList<IPEndPoint> Servers { get; }

    public TimeSpan Timeout { get; }

    public int Attempts { get; }

    /// <summary>How long each single attempt waits.</summary>
    public TimeSpan AttemptTimeout => TimeSpan.FromTicks(Timeout.Ticks / Attempts);
}
