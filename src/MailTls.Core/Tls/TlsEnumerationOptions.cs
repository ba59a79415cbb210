using System;

namespace MailTls.Tls;

/// <summary>Time limits and concurrency of an enumeration. Immutable.</summary>
public sealed class TlsEnumerationOptions
{
    public static readonly TimeSpan DefaultPhaseTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultBusyRetryBudget = TimeSpan.FromSeconds(60);

    /// <param name="phaseTimeout">How long any one step (connect, each reply, the server's answer to a ClientHello) may take.</param>
    /// <param name="connectionsPerEndpoint">How many probes of one endpoint may be connected at once (the connection gate may allow fewer).</param>
    /// <param name="probeThreads">Dedicated threads for the blocking TLS client, shared by all endpoints of a run.</param>
    /// <param name="busyRetryBudget">How long, in total, one endpoint's enumeration may wait out 421/454 rate limits before it reports the rest as Unknown.</param>
    public TlsEnumerationOptions(TimeSpan? phaseTimeout = null, int connectionsPerEndpoint = 16, int probeThreads = 16, TimeSpan? busyRetryBudget = null)
    {
        PhaseTimeout = phaseTimeout ?? DefaultPhaseTimeout;
        if (PhaseTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(phaseTimeout), "The timeout must be positive.");
        }

        if (connectionsPerEndpoint < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(connectionsPerEndpoint), "At least one connection is needed.");
        }

        if (probeThreads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probeThreads), "At least one probe thread is needed.");
        }

        BusyRetryBudget = busyRetryBudget ?? DefaultBusyRetryBudget;
        if (BusyRetryBudget < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(busyRetryBudget), "The retry budget cannot be negative.");
        }

        ConnectionsPerEndpoint = connectionsPerEndpoint;
        ProbeThreads = probeThreads;
    }

    public TimeSpan PhaseTimeout { get; }

    public int ConnectionsPerEndpoint { get; }

    public int ProbeThreads { get; }

    public TimeSpan BusyRetryBudget { get; }

    /// <summary>One probe's limit: a stuck server can stall every step of connect, preamble and handshake.</summary>
    public TimeSpan ProbeDeadline => TimeSpan.FromTicks(PhaseTimeout.Ticks * 4);

    /// <summary>More than any honest server sends before and during a handshake.</summary>
    public long MaxServerBytes => 256 * 1024;

    /// <summary>The first wait after a 421/454; each further one doubles, up to <see cref="MaxBackOff"/>.</summary>
    public TimeSpan FirstBackOff => TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackOff => TimeSpan.FromSeconds(20);
}
