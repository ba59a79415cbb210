using System;
using System.Collections.Concurrent;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;
using MailTls.Bulk;
using MailTls.Certificates;
using MailTls.Client;
using MailTls.Dane;
using MailTls.Dns;
using MailTls.Https;
using MailTls.MtaSts;
using MailTls.Smtp;
using MailTls.Tls;
using MailTls.TlsRpt;

namespace MailTls.Session;

/// <summary>
/// Everything one cmdlet run shares: the resolver and its cache, the connection limits, the trust,
/// and the results every domain of the run may reuse (probes keyed by their full identity, TLSA
/// lookups, MTA-STS and TLS-RPT answers). Built once per run; every cache is bounded.
/// </summary>
public sealed class RunSession
{
    private const int ProbeCapacity = 50_000;
    private const int LookupCapacity = 50_000;

    private readonly ConcurrentDictionary<string, DnsResolver> _otherResolvers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, byte> _answered = new();
    private readonly SharedCache<TlsaLookup> _tlsa;

    /// <param name="options">The run's limits, resolvers and trust.</param>
    /// <param name="stop">Ctrl+C: ends work that other callers may still share.</param>
    public RunSession(RunSessionOptions options, CancellationToken stop)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Stop = stop;
        Dns = new DnsResolver(DnsOptions(options.DnsServers), stop);
        MailExchangers = new MailExchangerResolver(Dns);
        Trust = new CertificateTrust(options.TrustedRoots);
        Connections = new ConnectionGate(options.MaxConnections, options.MaxConnectionsPerAddress);
        Https = new StrictHttpsClient(new StrictHttpsOptions(MtaStsPolicyFetcher.MaxPolicyBytes, options.Timeout, Trust, MailExchangers));
        Probes = new SharedCache<SmtpProbeFacts>(ProbeCapacity, _ => TimeSpan.MaxValue);
        ProtocolScans = new SharedCache<TlsProtocolScan>(ProbeCapacity, _ => TimeSpan.MaxValue);
        ClientProbes = new SharedCache<ClientProbeFacts>(ProbeCapacity, _ => TimeSpan.MaxValue);
        Enumerations = new SharedCache<TlsEnumeration>(ProbeCapacity, _ => TimeSpan.MaxValue);
        _tlsa = new SharedCache<TlsaLookup>(LookupCapacity, t => t.Failure is null ? TimeSpan.MaxValue : null);
        MtaStsRecords = new MtaStsRecordReader(Dns);
        MtaStsPolicies = new MtaStsPolicyFetcher(Https);
        TlsRptRecords = new TlsRptReader(Dns);
    }

    public RunSessionOptions Options { get; }

    public CancellationToken Stop { get; }

    public DnsResolver Dns { get; }

    public MailExchangerResolver MailExchangers { get; }

    public CertificateTrust Trust { get; }

    public ConnectionGate Connections { get; }

    public StrictHttpsClient Https { get; }

    public MtaStsRecordReader MtaStsRecords { get; }

    public MtaStsPolicyFetcher MtaStsPolicies { get; }

    public TlsRptReader TlsRptRecords { get; }

    internal SharedCache<SmtpProbeFacts> Probes { get; }

    /// <summary>Quick TLS version scans, keyed like <see cref="Probes"/>.</summary>
    internal SharedCache<TlsProtocolScan> ProtocolScans { get; }

    /// <summary>Client endpoint probes (submission, IMAP, POP3), keyed by address, endpoint, name and settings.</summary>
    internal SharedCache<ClientProbeFacts> ClientProbes { get; }

    /// <summary>Full TLS enumerations (versions, suites, groups), keyed like the probes they go with.</summary>
    internal SharedCache<TlsEnumeration> Enumerations { get; }

    /// <summary>
    /// The TLSA records of a host's service through <paramref name="resolver"/>, looked up once per run
    /// however many domains or cmdlets ask; a failed lookup is asked again next time.
    /// </summary>
    public Task<TlsaLookup> LookupTlsaAsync(DnsResolver resolver, string host, int port, OperationLog log, CancellationToken cancellationToken)
    {
        var key = resolver.ServerList + "|" + host + "|" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _tlsa.GetOrAdd(key, () => resolver.QueryTlsaAsync(host, port, log, Stop)).WaitAsync(cancellationToken);
    }

    /// <summary>A checker that probes with <paramref name="options"/> and shares this run's caches and limits.</summary>
    /// <param name="options">Port, mode, names, timeout and trust of every probe.</param>
    /// <param name="protocolScanner">When given, every address that reaches TLS also gets the quick version scan (five more connections).</param>
    public SmtpTlsChecker SmtpChecker(SmtpProbeOptions options, TlsEnumerator? protocolScanner = null) => new(this, new SmtpProber(options), protocolScanner);

    /// <summary>A checker of client endpoints (submission, IMAP, POP3) that shares this run's resolver, caches and limits.</summary>
    public MailClientTlsChecker ClientChecker(MailClientProbeOptions options, TlsEnumerator? enumerator = null) => new(this, new ClientProber(options), enumerator);

    /// <summary>
    /// The resolvers another run used (Resolve-MailExchanger output piped in), with their own cache; this
    /// run's resolver when the list is the same or empty.
    /// </summary>
    /// <exception cref="ArgumentException">The list holds something that is not a resolver address.</exception>
    public DnsResolver ResolverFor(string serverList)
    {
        if (string.IsNullOrWhiteSpace(serverList) || serverList == Dns.ServerList)
        {
            return Dns;
        }

        return _otherResolvers.GetOrAdd(serverList, list =>
        {
            var servers = list.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries);
            return new DnsResolver(DnsOptions(Array.ConvertAll(servers, DnsServerEndpoint.Parse)), Stop);
        });
    }

    /// <summary>The address has completed a TCP connection in this run: a refusal from it now means "busy".</summary>
    internal bool HasAnswered(IPAddress address) => _answered.ContainsKey(address);

    internal void NoteAnswered(IPAddress address)
    {
        // Bounded like the caches; forgetting only turns a later refusal back into "refused".
        if (_answered.Count < LookupCapacity)
        {
            _answered.TryAdd(address, 0);
        }
    }

    private DnsResolverOptions DnsOptions(System.Collections.Generic.IEnumerable<IPEndPoint> servers) =>
        new(servers, Options.Timeout, maxConcurrentQueries: Math.Max(Options.ThrottleLimit, 4));
}
