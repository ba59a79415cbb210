using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using DnsClient;
using DnsClient.Protocol;
using MailTls.Dane;
using MailTls.Diagnostics;

namespace MailTls.Dns;

/// <summary>
/// Asks the configured resolvers one question at a time and turns every outcome (answer, DNS error,
/// silence, unreachable server) into data. One instance per run: its cache is the per-run cache,
/// so an MX host shared by many domains is looked up once.
/// </summary>
public sealed class DnsResolver
{
    private readonly LookupClient _client;
    private readonly string _serverList;

    public DnsResolver(DnsResolverOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var clientOptions = options.Servers.Count > 0
            ? new LookupClientOptions(options.Servers.ToArray())
            : new LookupClientOptions();
        clientOptions.Timeout = options.AttemptTimeout;
        clientOptions.Retries = options.Attempts - 1;
        clientOptions.UseCache = true;
        clientOptions.CacheFailedResults = false;
        // Without DO the resolver never sets AD (VERIFIED-FACTS §1), and AD is what we report.
        clientOptions.RequestDnsSecRecords = true;
        clientOptions.ThrowDnsErrors = false;
        // The first resolver that answers decides, as a stub resolver does; silent ones fall through.
        clientOptions.ContinueOnDnsError = false;
        clientOptions.ContinueOnEmptyResponse = false;
        clientOptions.UseRandomNameServer = false;
        clientOptions.UseTcpFallback = true;
        _client = new LookupClient(clientOptions);
        Options = options;
        _serverList = string.Join(", ", _client.NameServers.Select(Format));
    }

    public DnsResolverOptions Options { get; }

    /// <summary>The resolvers in use, as users type them (the system's when none were given).</summary>
    public string ServerList => _serverList;

    /// <summary>The TXT records at <paramref name="name"/>; a missing name or record is an empty answer.</summary>
    public async Task<TxtLookup> QueryTxtAsync(string name, OperationLog? log, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(name, QueryType.TXT, log ?? OperationLog.None, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is { Kind: not DnsFailureKind.NameNotFound } failure)
        {
            return new TxtLookup(name, Array.Empty<string>(), false, failure);
        }

        var records = answer.Response?.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToArray() ?? Array.Empty<string>();
        return new TxtLookup(name, records, answer.IsAuthenticated, null);
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
            return new TlsaLookup(host, port, owner, baseDomain, Array.Empty<TlsaAssociation>(), false, failure);
        }

        var records = answer.Response?.Answers.TlsaRecords().Select(TlsaAssociation.FromDnsRecord).ToArray() ?? Array.Empty<TlsaAssociation>();
        return new TlsaLookup(host, port, owner, baseDomain, records, answer.IsAuthenticated, null);
    }

    internal async Task<DnsAnswer> QueryAsync(string name, QueryType type, OperationLog log, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or DnsResponseException)
        {
            throw new OperationCanceledException("The DNS query was cancelled.", ex, cancellationToken);
        }
        catch (DnsResponseException ex)
        {
            var failure = await ClassifyTransportFailureAsync(name, type, ex, cancellationToken).ConfigureAwait(false);
            log.Write($"DNS {type} {name} @ {_serverList}: {failure.Kind} after {Ms(watch)} ({Innermost(ex).Message})");
            return DnsAnswer.Failed(failure);
        }

        var server = Format(response.NameServer);
        var code = response.Header.ResponseCode;
        var flags = response.Header.IsAuthenticData ? " AD" : string.Empty;
        log.Write($"DNS {type} {name} @ {server}: {code}{flags} in {Ms(watch)}{DescribeAnswers(response)}");

        return code switch
        {
            DnsHeaderResponseCode.NoError => DnsAnswer.Success(response),
            DnsHeaderResponseCode.NotExistentDomain => DnsAnswer.Failed(new DnsFailure(
                DnsFailureKind.NameNotFound, name, type.ToString(), server,
                $"{name} does not exist (NXDOMAIN from {server}). Check the spelling, or that the domain is registered and delegated.")),
            DnsHeaderResponseCode.ServerFailure => DnsAnswer.Failed(new DnsFailure(
                DnsFailureKind.ServerFailure, name, type.ToString(), server,
                $"The resolver {server} answered SERVFAIL for {type} {name}. The zone's DNSSEC signatures may not validate, or its authoritative servers may be unreachable; check the zone's DNSSEC chain and name servers.")),
            DnsHeaderResponseCode.Refused => DnsAnswer.Failed(new DnsFailure(
                DnsFailureKind.Refused, name, type.ToString(), server,
                $"The resolver {server} refused to answer {type} {name}. Use a resolver that serves this client (-DnsServer).")),
            _ => DnsAnswer.Failed(new DnsFailure(
                DnsFailureKind.Other, name, type.ToString(), server,
                $"The resolver {server} answered {code} for {type} {name}.")),
        };
    }

    private async Task<DnsFailure> ClassifyTransportFailureAsync(string name, QueryType type, DnsResponseException ex, CancellationToken cancellationToken)
    {
        var unreachable = Innermost(ex) is SocketException socket && ResolverReachability.IsUnreachable(socket.SocketErrorCode)
            ? socket.SocketErrorCode
            : await FindUnreachableErrorAsync(cancellationToken).ConfigureAwait(false);
        if (unreachable is not null)
        {
            return new DnsFailure(
                DnsFailureKind.ServerUnreachable, name, type.ToString(), _serverList,
                $"Could not reach the DNS server {_serverList} for {type} {name} ({unreachable}): nothing answers DNS at that address and port. Check the address given to -DnsServer.");
        }

        var attempts = Options.Attempts.ToString(CultureInfo.InvariantCulture);
        var timeout = Options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return new DnsFailure(
            DnsFailureKind.Timeout, name, type.ToString(), _serverList,
            $"No answer from {_serverList} for {type} {name} within {timeout} s ({attempts} attempts per server). The resolver may be overloaded or DNS traffic blocked on the way; try another -DnsServer or a longer -Timeout.");
    }

    // Unreachable only if every server is: one silent server among dead ones is still a timeout.
    private async Task<SocketError?> FindUnreachableErrorAsync(CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromTicks(Math.Min(Options.AttemptTimeout.Ticks, TimeSpan.FromMilliseconds(500).Ticks));
        var checks = _client.NameServers
            .Select(s => ResolverReachability.FindUnreachableErrorAsync(ToEndPoint(s), wait, cancellationToken))
            .ToArray();
        var errors = await Task.WhenAll(checks).ConfigureAwait(false);
        return errors.All(e => e is not null) ? errors[0] : null;
    }

    private static IPEndPoint ToEndPoint(NameServer server) => new(IPAddress.Parse(server.Address), server.Port);

    private static string Format(NameServer server) => DnsServerEndpoint.Format(ToEndPoint(server));

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

    private static string DescribeAnswers(IDnsQueryResponse response)
    {
        var records = response.Answers.Where(r => r is not RRSigRecord).Select(r => r.ToString()).ToArray();
        return records.Length == 0 ? ", no records" : ": " + string.Join(" | ", records);
    }
}
