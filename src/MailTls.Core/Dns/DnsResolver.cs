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
            var failure = ClassifyTransportFailure(name, type, ex);
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

    private DnsFailure ClassifyTransportFailure(string name, QueryType type, DnsResponseException ex)
    {
        var attempts = Options.Attempts.ToString(CultureInfo.InvariantCulture);
        var timeout = Options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        if (Innermost(ex) is SocketException socket && IsUnreachable(socket.SocketErrorCode))
        {
            return new DnsFailure(
                DnsFailureKind.ServerUnreachable, name, type.ToString(), _serverList,
                $"Could not reach the DNS server {_serverList} for {type} {name} ({socket.SocketErrorCode}). Check the address given to -DnsServer and that DNS traffic to it is allowed.");
        }

        return new DnsFailure(
            DnsFailureKind.Timeout, name, type.ToString(), _serverList,
            $"No answer from {_serverList} for {type} {name} within {timeout} s ({attempts} attempts per server). The resolver may be down or DNS traffic blocked; try another -DnsServer or a longer -Timeout.");
    }

    private static string Format(NameServer server) =>
        DnsServerEndpoint.Format(new IPEndPoint(IPAddress.Parse(server.Address), server.Port));

    private static bool IsUnreachable(SocketError error) =>
        error is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
            or SocketError.AddressNotAvailable or SocketError.ConnectionReset;

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
