using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using DnsClient;
using DnsClient.Protocol;
using MailTls.Bulk;
using MailTls.Dane;
using MailTls.Diagnostics;

namespace MailTls.Dns;

/// <summary>
/// Asks the run's resolvers one question at a time, the way a stub resolver should: in order,
/// failing over at once from a server that proves unreachable or refuses and remembering for the
/// rest of the run one that timed out; concurrent questions for the same name share one request;
/// answers (negative ones too) are kept for their TTL; every outcome is data. One per run.
/// </summary>
public sealed class DnsResolver
{
    private static readonly TimeSpan LongestKept = TimeSpan.FromHours(1);
    private static readonly TimeSpan NegativeWithoutSoa = TimeSpan.FromMinutes(1);

    private readonly IReadOnlyList<ResolverServer> _servers;
    private readonly SharedCache<DnsAnswer> _cache;
    private readonly SemaphoreSlim _inFlight;
    private readonly CancellationToken _lifetime;
    private readonly Dictionary<ResolverServer, Lazy<Task<bool>>> _validationProbes;

    /// <param name="options">Which resolvers, how long to wait, how many questions at once.</param>
    /// <param name="lifetime">Ends requests other callers may still share (the run's Ctrl+C).</param>
    public DnsResolver(DnsResolverOptions options, CancellationToken lifetime = default)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _lifetime = lifetime;
        var endpoints = options.Servers.Count > 0 ? options.Servers : SystemResolvers();
        _servers = endpoints.Select(e => new ResolverServer(e, options, lifetime)).ToArray();
        ServerList = _servers.Count > 0 ? string.Join(", ", _servers.Select(s => s.Display)) : "(no resolver configured)";
        _cache = new SharedCache<DnsAnswer>(options.CacheCapacity, a => a.CacheFor);
        _inFlight = new SemaphoreSlim(options.MaxConcurrentQueries, options.MaxConcurrentQueries);
        _validationProbes = _servers.ToDictionary(s => s, s => new Lazy<Task<bool>>(() => ProbeValidationAsync(s)));
    }

    public DnsResolverOptions Options { get; }

    /// <summary>The resolvers in use, as users type them (the system's when none were given).</summary>
    public string ServerList { get; }

    /// <summary>The TXT records at <paramref name="name"/>; a missing name or record is an empty answer.</summary>
    public async Task<TxtLookup> QueryTxtAsync(string name, OperationLog? log, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(name, QueryType.TXT, log ?? OperationLog.None, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is { Kind: not DnsFailureKind.NameNotFound } failure)
        {
            return new TxtLookup(name, Array.Empty<string>(), DnssecStatus.NotValidated, failure);
        }

        var records = answer.Response?.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToArray() ?? Array.Empty<string>();
        var dnssec = await DnssecStatusAsync(answer, cancellationToken).ConfigureAwait(false);
        return new TxtLookup(name, records, dnssec, null);
    }

    /// <summary>
    /// The SRV records at <paramref name="name"/> (e.g. _imaps._tcp.contoso.com, RFC 6186); a missing name
    /// or record is an empty answer, and a single record with target "." says the service is not offered.
    /// </summary>
    public async Task<SrvLookup> QuerySrvAsync(string name, OperationLog? log, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(name, QueryType.SRV, log ?? OperationLog.None, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is { Kind: not DnsFailureKind.NameNotFound } failure)
        {
            return new SrvLookup(name, Array.Empty<SrvTarget>(), failure);
        }

        var records = answer.Response?.Answers.SrvRecords()
            .Select(r => new SrvTarget(r.Priority, r.Weight, r.Port, r.Target.Value.TrimEnd('.').ToLowerInvariant()))
            .ToArray() ?? Array.Empty<SrvTarget>();
        return new SrvLookup(name, records, null);
    }

    /// <summary>
    /// The TLSA records of <paramref name="host"/>'s service on <paramref name="port"/>, following the
    /// host's CNAME to its target first, as RFC 7672 §2.2.2 has senders do.
    /// </summary>
    public async Task<TlsaLookup> QueryTlsaAsync(string host, int port, OperationLog? log, CancellationToken cancellationToken)
    {
        log ??= OperationLog.None;
        var name = DomainName.Normalize(host);
        var address = await QueryAsync(name, QueryType.A, log, cancellationToken).ConfigureAwait(false);
        var target = address.Response?.Answers.CnameRecords().LastOrDefault()?.CanonicalName.Value.TrimEnd('.').ToLowerInvariant();
        if (target is not null && target != name && address.IsAuthenticated)
        {
            var expanded = await QueryTlsaAtAsync(name, target, port, log, cancellationToken).ConfigureAwait(false);
            if (expanded.Failure is not null || expanded.Records.Count > 0)
            {
                return expanded;
            }
        }

        return await QueryTlsaAtAsync(name, name, port, log, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TlsaLookup> QueryTlsaAtAsync(string host, string baseDomain, int port, OperationLog log, CancellationToken cancellationToken)
    {
        var owner = TlsaRecordText.OwnerName(baseDomain, port);
        var answer = await QueryAsync(owner, QueryType.TLSA, log, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is { Kind: not DnsFailureKind.NameNotFound } failure)
        {
            return new TlsaLookup(host, port, owner, baseDomain, Array.Empty<TlsaAssociation>(), DnssecStatus.NotValidated, failure);
        }

        var records = answer.Response?.Answers.TlsaRecords().Select(TlsaAssociation.FromDnsRecord).ToArray() ?? Array.Empty<TlsaAssociation>();
        var dnssec = await DnssecStatusAsync(answer, cancellationToken).ConfigureAwait(false);
        return new TlsaLookup(host, port, owner, baseDomain, records, dnssec, null);
    }

    /// <summary>
    /// Signed when the answer carries AD; otherwise Unsigned only if the answering resolver is known to
    /// validate (it set AD on something in this run, or on the root zone's DNSKEY when asked once).
    /// </summary>
    internal async Task<DnssecStatus> DnssecStatusAsync(DnsAnswer answer, CancellationToken cancellationToken)
    {
        if (answer.IsAuthenticated)
        {
            return DnssecStatus.Signed;
        }

        if (answer.Server is not { } server)
        {
            return DnssecStatus.NotValidated;
        }

        if (server.SeenAuthenticated)
        {
            return DnssecStatus.Unsigned;
        }

        var validates = await _validationProbes[server].Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return validates ? DnssecStatus.Unsigned : DnssecStatus.NotValidated;
    }

    internal async Task<DnsAnswer> QueryAsync(string name, QueryType type, OperationLog log, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var key = type.ToString() + " " + name.ToLowerInvariant();
        var pending = _cache.GetOrAdd(key, () => FetchAsync(name, type), out var shared);
        DnsAnswer answer;
        try
        {
            answer = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested || _lifetime.IsCancellationRequested)
        {
            throw new OperationCanceledException("The DNS query was cancelled.", ex, cancellationToken.IsCancellationRequested ? cancellationToken : _lifetime);
        }

        if (log.IsEnabled)
        {
            var how = shared ? " (known in this run)" : $" in {Ms(watch)}";
            log.Write($"DNS {type} {name} @ {answer.Server?.Display ?? ServerList}: {Status(answer)}{how}{Records(answer)}{answer.Notes}");
        }

        return answer;
    }

    private async Task<DnsAnswer> FetchAsync(string name, QueryType type)
    {
        await _inFlight.WaitAsync(_lifetime).ConfigureAwait(false);
        try
        {
            var notes = new List<string>();
            var candidates = _servers.Where(s => !s.IsDead).ToList();
            if (candidates.Count == 0)
            {
                // Nothing left that answered before: a slow server may still answer; a proven-dead one will not.
                candidates = _servers.Where(s => !s.ProvedUnreachable).ToList();
            }

            DnsFailure? refused = null;
            SocketError? unreachable = null;
            foreach (var server in candidates)
            {
                var outcome = await AskAsync(server, name, type).ConfigureAwait(false);
                switch (outcome)
                {
                    case { Response: { } response }:
                        var answer = FromResponse(response, server, name, type);
                        if (answer.Failure?.Kind == DnsFailureKind.Refused && server != candidates[candidates.Count - 1])
                        {
                            // A stub resolver moves on from a server that will not serve it.
                            refused = answer.Failure;
                            server.MarkTimedOut();
                            notes.Add($"{server.Display} refused; asked the next resolver");
                            continue;
                        }

                        answer.Notes = Notes(notes);
                        return answer;
                    case { Unreachable: { } error }:
                        unreachable = error;
                        server.MarkUnreachable();
                        notes.Add($"{server.Display} is unreachable ({error}), skipped for the rest of this run");
                        break;
                    default:
                        server.MarkTimedOut();
                        notes.Add($"{server.Display} did not answer within {Seconds(Options.Timeout)} s, skipped for the rest of this run while another resolver answers");
                        break;
                }
            }

            var failure = refused ?? TransportFailure(name, type, candidates.Count == 0 || candidates.All(s => s.ProvedUnreachable) ? unreachable ?? SocketError.ConnectionRefused : null);
            return DnsAnswer.Failed(failure, Notes(notes));
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task<(IDnsQueryResponse? Response, SocketError? Unreachable)> AskAsync(ResolverServer server, string name, QueryType type)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_lifetime);
        var query = server.Client.QueryAsync(name, type, QueryClass.IN, attempt.Token);
        var reachability = server.ReachabilityAsync();
        if (await Task.WhenAny(query, reachability).ConfigureAwait(false) == reachability && reachability.Result is { } error)
        {
            attempt.Cancel();
            _ = query.ContinueWith(t => t.Exception, TaskScheduler.Default);
            return (null, error);
        }

        try
        {
            return (await query.ConfigureAwait(false), null);
        }
        catch (Exception ex) when (_lifetime.IsCancellationRequested && ex is OperationCanceledException or DnsResponseException)
        {
            throw new OperationCanceledException("The DNS query was cancelled.", ex, _lifetime);
        }
        catch (DnsResponseException ex)
        {
            // DnsClient throws only when no response came: silence, or a socket error on TCP fallback.
            var socket = Innermost(ex) as SocketException;
            if (socket is not null && ResolverReachability.IsUnreachable(socket.SocketErrorCode))
            {
                return (null, socket.SocketErrorCode);
            }

            var late = reachability.IsCompleted ? reachability.Result : null;
            return (null, late);
        }
    }

    private DnsAnswer FromResponse(IDnsQueryResponse response, ResolverServer server, string name, QueryType type)
    {
        var code = response.Header.ResponseCode;
        if (response.Header.IsAuthenticData)
        {
            server.NoteAuthenticated();
        }

        var at = server.Display;
        return code switch
        {
            DnsHeaderResponseCode.NoError => DnsAnswer.Success(response, server, KeepFor(response)),
            DnsHeaderResponseCode.NotExistentDomain => DnsAnswer.Negative(new DnsFailure(
                DnsFailureKind.NameNotFound, name, type.ToString(), at,
                $"{name} does not exist (NXDOMAIN from {at}). Check the spelling, or that the domain is registered and delegated."), server, KeepFor(response)),
            DnsHeaderResponseCode.ServerFailure => DnsAnswer.Negative(new DnsFailure(
                DnsFailureKind.ServerFailure, name, type.ToString(), at,
                $"The resolver {at} answered SERVFAIL for {type} {name}. The zone's DNSSEC signatures may not validate, or its authoritative servers may be unreachable; check the zone's DNSSEC chain and name servers."), server, null),
            DnsHeaderResponseCode.Refused => DnsAnswer.Negative(new DnsFailure(
                DnsFailureKind.Refused, name, type.ToString(), at,
                $"The resolver {at} refused to answer {type} {name}. Use a resolver that serves this client (-DnsServer)."), server, null),
            _ => DnsAnswer.Negative(new DnsFailure(
                DnsFailureKind.Other, name, type.ToString(), at,
                $"The resolver {at} answered {code} for {type} {name}."), server, null),
        };
    }

    private DnsFailure TransportFailure(string name, QueryType type, SocketError? unreachable)
    {
        if (_servers.Count == 0)
        {
            return new DnsFailure(DnsFailureKind.ServerUnreachable, name, type.ToString(), ServerList,
                "This system has no DNS resolver configured; pass the resolvers to ask with -DnsServer.");
        }

        if (unreachable is not null)
        {
            return new DnsFailure(
                DnsFailureKind.ServerUnreachable, name, type.ToString(), ServerList,
                $"Could not reach the DNS server {ServerList} for {type} {name} ({unreachable}): nothing answers DNS at that address and port. Check the address given to -DnsServer.");
        }

        var attempts = Options.Attempts.ToString(CultureInfo.InvariantCulture);
        return new DnsFailure(
            DnsFailureKind.Timeout, name, type.ToString(), ServerList,
            $"No answer from {ServerList} for {type} {name} within {Seconds(Options.Timeout)} s ({attempts} attempts per server). The resolver may be overloaded or DNS traffic blocked on the way; try another -DnsServer or a longer -Timeout.");
    }

    // A validating resolver sets AD on the root zone's keys; one that does not validate never does.
    private async Task<bool> ProbeValidationAsync(ResolverServer server)
    {
        if (server.SeenAuthenticated)
        {
            return true;
        }

        try
        {
            var response = await server.Client.QueryAsync(".", QueryType.DNSKEY, QueryClass.IN, _lifetime).ConfigureAwait(false);
            if (response.Header.IsAuthenticData)
            {
                server.NoteAuthenticated();
            }
        }
        catch (DnsResponseException) when (!_lifetime.IsCancellationRequested)
        {
        }

        return server.SeenAuthenticated;
    }

    // Positive answers for their smallest TTL, negative ones for the SOA's negative TTL (RFC 2308 §5).
    private static TimeSpan KeepFor(IDnsQueryResponse response)
    {
        var records = response.Answers.Where(r => r is not RRSigRecord).ToArray();
        TimeSpan ttl;
        if (records.Length > 0)
        {
            ttl = TimeSpan.FromSeconds(records.Min(r => r.InitialTimeToLive));
        }
        else if (response.Authorities.SoaRecords().FirstOrDefault() is { } soa)
        {
            ttl = TimeSpan.FromSeconds(Math.Min(soa.InitialTimeToLive, (long)soa.Minimum));
        }
        else
        {
            ttl = NegativeWithoutSoa;
        }

        return ttl > LongestKept ? LongestKept : ttl;
    }

    private static IReadOnlyList<IPEndPoint> SystemResolvers()
    {
        try
        {
            // Never the public resolver DnsClient would otherwise fall back to: an admin's DNS stays theirs.
            return NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false)
                .Select(s => new IPEndPoint(IPAddress.Parse(s.Address), s.Port)).ToArray();
        }
        catch (InvalidOperationException)
        {
            return Array.Empty<IPEndPoint>();
        }
    }

    private static string Notes(List<string> notes) => notes.Count == 0 ? string.Empty : " [" + string.Join("; ", notes) + "]";

    private static string Status(DnsAnswer answer) => answer.Response is { } response
        ? response.Header.ResponseCode + (response.Header.IsAuthenticData ? " AD" : string.Empty)
        : answer.Failure?.Kind.ToString() ?? "no answer";

    private static string Records(DnsAnswer answer)
    {
        var records = answer.Response?.Answers.Where(r => r is not RRSigRecord).Select(r => r.ToString()).ToArray();
        return records is null ? string.Empty : records.Length == 0 ? ", no records" : ": " + string.Join(" | ", records);
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string Ms(Stopwatch watch) =>
        watch.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
