using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using MailTls.Diagnostics;

namespace MailTls.Tls;

/// <summary>
/// All probes of one endpoint: at most so many at once, each through the run's connection gate,
/// and one shared back-off when the server says it is busy (421, 454, refused connections), so
/// parallel probe chains slow down together. What the back-off budget cannot wait out is
/// returned as Busy, which callers report as Unknown, never as "not accepted".
/// </summary>
internal sealed class EndpointSession
{
    private readonly TlsEndpoint _endpoint;
    private readonly TlsEnumerationOptions _options;
    private readonly IConnectionGate _gate;
    private readonly ProbeWorkers _workers;
    private readonly OperationLog _log;
    private readonly CancellationToken _cancellationToken;
    private readonly SemaphoreSlim _slots;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _backOffLock = new();
    private TimeSpan _resumeAt = TimeSpan.Zero;
    private TimeSpan _nextBackOff;
    private TimeSpan _waited = TimeSpan.Zero;
    private int _connections;
    private bool _connectedOnce;
    private string? _unusable;

    public EndpointSession(TlsEndpoint endpoint, TlsEnumerationOptions options, IConnectionGate gate, ProbeWorkers workers, OperationLog log, CancellationToken cancellationToken)
    {
        _endpoint = endpoint;
        _options = options;
        _gate = gate;
        _workers = workers;
        _log = log;
        _cancellationToken = cancellationToken;
        _slots = new SemaphoreSlim(options.ConnectionsPerEndpoint, options.ConnectionsPerEndpoint);
        _nextBackOff = options.FirstBackOff;
    }

    public TlsEndpoint Endpoint => _endpoint;

    public int Connections => Volatile.Read(ref _connections);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Why nothing can be probed here (no STARTTLS, nothing listening); null while probes can run.</summary>
    public string? Unusable => Volatile.Read(ref _unusable);

    /// <summary>Runs one probe, waiting out rate limits within the budget and retrying one broken probe once.</summary>
    public async Task<ProbeOutcome> ProbeAsync(ProbeRequest request)
    {
        var failures = 0;
        while (true)
        {
            if (Unusable is { } reason)
            {
                return new ProbeOutcome(ProbeOutcomeKind.Unusable, reason);
            }

            await WaitForBackOffAsync().ConfigureAwait(false);
            var outcome = await ConnectedProbeAsync(request).ConfigureAwait(false);
            _log.Write($"{request.Purpose}: {Describe(outcome)} ({outcome.Elapsed.TotalMilliseconds:0} ms)");
            switch (outcome.Kind)
            {
                case ProbeOutcomeKind.Answered or ProbeOutcomeKind.Rejected:
                    _connectedOnce = true;
                    return outcome;
                case ProbeOutcomeKind.Unusable:
                    Volatile.Write(ref _unusable, outcome.Detail);
                    return outcome;
                case ProbeOutcomeKind.Busy when outcome.ConnectionRefused && !_connectedOnce:
                    var nothing = $"Nothing accepts connections on {_endpoint.Address}:{_endpoint.Port} ({outcome.Detail})";
                    Volatile.Write(ref _unusable, nothing);
                    return new ProbeOutcome(ProbeOutcomeKind.Unusable, nothing);
                case ProbeOutcomeKind.Busy:
                    _gate.ReportBusy(_endpoint.Address);
                    if (!TryBackOff())
                    {
                        return outcome;
                    }

                    continue;
                default:
                    if (++failures > 1)
                    {
                        return outcome;
                    }

                    continue;
            }
        }
    }

    private async Task<ProbeOutcome> ConnectedProbeAsync(ProbeRequest request)
    {
        await _slots.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            using var slot = await _gate.EnterAsync(_endpoint.Address, _cancellationToken).ConfigureAwait(false);
            // The plaintext dialogue of the first connection is enough for the log; the rest repeat it.
            var log = Interlocked.Increment(ref _connections) == 1 ? _log : OperationLog.None;
            return await _workers.RunAsync(crypto => TlsProbe.Run(_endpoint, request, _options, crypto, log, _cancellationToken), _cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task WaitForBackOffAsync()
    {
        TimeSpan wait;
        lock (_backOffLock)
        {
            wait = _resumeAt - _clock.Elapsed;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _cancellationToken).ConfigureAwait(false);
        }
    }

    // One pause for the whole endpoint; parallel probes that hit the limit together do not stack their waits.
    private bool TryBackOff()
    {
        lock (_backOffLock)
        {
            var now = _clock.Elapsed;
            if (_resumeAt > now)
            {
                return true;
            }

            if (_waited + _nextBackOff > _options.BusyRetryBudget)
            {
                return false;
            }

            _log.Write($"The server is limiting this client; pausing {_nextBackOff.TotalSeconds:0.#} s before the next probe.");
            _resumeAt = now + _nextBackOff;
            _waited += _nextBackOff;
            _nextBackOff = TimeSpan.FromTicks(Math.Min(_nextBackOff.Ticks * 2, _options.MaxBackOff.Ticks));
            return true;
        }
    }

    private static string Describe(ProbeOutcome outcome)
    {
        if (outcome.Kind != ProbeOutcomeKind.Answered)
        {
            return $"{outcome.Kind.ToString().ToLowerInvariant()}, {outcome.Detail}";
        }

        var suite = outcome.CipherSuite is { } code ? TlsClassification.Default.Suite(code)?.Name ?? $"0x{code:X4}" : "?";
        var version = outcome.ServerVersion is { } v ? TlsVersionCodes.FromWireCode(v)?.DisplayName() ?? $"0x{v:X4}" : "?";
        var group = outcome.Group is { } g ? ", " + (TlsClassification.Default.Group(g)?.Name ?? GroupInfo.Unknown(g)) : string.Empty;
        var dh = outcome.DhPrimeBits is { } bits ? $", DH {bits} bits" : string.Empty;
        return $"{version} {suite}{(outcome.HelloRetry ? " (HelloRetryRequest)" : string.Empty)}{group}{dh}";
    }
}
