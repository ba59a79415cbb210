using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using DnsClient;

namespace MailTls.Dns;

/// <summary>
/// One resolver of the run's list, with what the run has learnt about it: whether it still
/// answers (a server that timed out or proved unreachable is skipped for the rest of the run
/// while another one answers) and whether it validates DNSSEC.
/// </summary>
internal sealed class ResolverServer
{
    private const int Alive = 0;
    private const int TimedOut = 1;
    private const int Unreachable = 2;

    private readonly Lazy<Task<SocketError?>> _reachability;
    private int _state;
    private int _validates;

    public ResolverServer(IPEndPoint endPoint, DnsResolverOptions options, CancellationToken lifetime)
    {
        EndPoint = endPoint;
        Display = DnsServerEndpoint.Format(endPoint);
        Client = new LookupClient(new LookupClientOptions(new NameServer(endPoint))
        {
            Timeout = options.AttemptTimeout,
            Retries = options.Attempts - 1,
            UseCache = false,
            // Without DO the resolver never sets AD, and AD is what MailTls reports.
            RequestDnsSecRecords = true,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseTcpFallback = true,
        });

        // The check waits briefly for an ICMP error; a live resolver sends none, so it never delays an answer.
        var wait = TimeSpan.FromTicks(Math.Min(options.AttemptTimeout.Ticks, TimeSpan.FromMilliseconds(500).Ticks));
        _reachability = new Lazy<Task<SocketError?>>(() => ResolverReachability.FindUnreachableErrorAsync(endPoint, wait, lifetime));
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>As users type it: 192.0.2.53, [2001:db8::53]:5353.</summary>
    public string Display { get; }

    public LookupClient Client { get; }

    public bool IsDead => Volatile.Read(ref _state) != Alive;

    public bool ProvedUnreachable => Volatile.Read(ref _state) == Unreachable;

    /// <summary>Null when nothing proves the server unreachable; started once per run.</summary>
    public Task<SocketError?> ReachabilityAsync() => _reachability.Value;

    public void MarkTimedOut() => Interlocked.CompareExchange(ref _state, TimedOut, Alive);

    public void MarkUnreachable() => Volatile.Write(ref _state, Unreachable);

    /// <summary>True once the server has set AD on any answer: it validates.</summary>
    public bool SeenAuthenticated => Volatile.Read(ref _validates) == 1;

    public void NoteAuthenticated() => Volatile.Write(ref _validates, 1);
}
