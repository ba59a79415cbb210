using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace MailTls.Dns;

/// <summary>Which resolvers to ask, how long to wait and how much to do at once; immutable once built.</summary>
public sealed class DnsResolverOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
    public const int DefaultMaxConcurrentQueries = 64;
    public const int DefaultCacheCapacity = 20_000;

    /// <param name="servers">Resolvers to ask, in order; empty means the system's resolvers.</param>
    /// <param name="timeout">How long to wait for an answer from each server, all attempts together.</param>
    /// <param name="attempts">How often to ask a silent server (UDP packets get lost) before moving on.</param>
    /// <param name="maxConcurrentQueries">Questions in flight at once (a cmdlet's -ThrottleLimit).</param>
    /// <param name="cacheCapacity">Answers kept at most; beyond it the oldest are asked again when needed.</param>
    public DnsResolverOptions(IEnumerable<IPEndPoint>? servers = null, TimeSpan? timeout = null, int attempts = 2,
        int maxConcurrentQueries = DefaultMaxConcurrentQueries, int cacheCapacity = DefaultCacheCapacity)
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

        if (maxConcurrentQueries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConcurrentQueries), "At least one query must be allowed at once.");
        }

        if (cacheCapacity < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(cacheCapacity), "The cache must hold at least 16 answers.");
        }

        Attempts = attempts;
        MaxConcurrentQueries = maxConcurrentQueries;
        CacheCapacity = cacheCapacity;
    }

    public IReadOnlyList<IPEndPoint> Servers { get; }

    public TimeSpan Timeout { get; }

    public int Attempts { get; }

    public int MaxConcurrentQueries { get; }

    public int CacheCapacity { get; }

    /// <summary>How long each single attempt waits.</summary>
    public TimeSpan AttemptTimeout => TimeSpan.FromTicks(Timeout.Ticks / Attempts);
}
