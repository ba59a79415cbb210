using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Certificates;
using MailTls.Diagnostics;
using MailTls.Dns;
#if NET
using System.Net.Security;
#endif

namespace MailTls.Https;

/// <summary>
/// GETs one small document the way an MTA-STS sender must (RFC 8461 §3.3): HTTPS only, the
/// certificate valid for the host, no redirects followed, no cookies or credentials sent, a size
/// limit and a time limit. Every outcome is data; only cancellation throws.
/// </summary>
public sealed class StrictHttpsClient
{
    private readonly StrictHttpsOptions _options;

    public StrictHttpsClient(StrictHttpsOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute https URL.</exception>
    public async Task<HttpsFetchResult> GetAsync(Uri url, OperationLog? log, CancellationToken cancellationToken)
    {
        if (url is null || !url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("Only absolute https URLs are fetched.", nameof(url));
        }

        log ??= OperationLog.None;
        var clock = Stopwatch.StartNew();
        var result = new HttpsFetchResult { Url = url };
        var certificate = new ServerCertificateCheck(url.Host, _options.Trust);
        var connection = new ConnectionState();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Timeout);
        log.Write($"GET {url} (HTTPS only, redirects not followed, at most {_options.MaxBytes / 1024} KiB, {_options.Timeout.TotalSeconds:0.#} s)");

        try
        {
            var target = await PrepareAsync(url, connection, log, limit.Token).ConfigureAwait(false);
            using var client = new HttpClient(CreateHandler(certificate, connection, log)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Headers.UserAgent.ParseAdd(StrictHttpsOptions.UserAgent);
            if (target != url)
            {
                // Resolved by our resolver: the URL holds the address; Host (and so SNI on .NET) keeps the name.
                request.Headers.Host = url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            result.StatusCode = (int)response.StatusCode;
            result.ContentType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? string.Empty;
            result.Location = response.Headers.Location?.OriginalString ?? string.Empty;
            log.Write($"HTTP {result.StatusCode} {response.ReasonPhrase}, Content-Type: {response.Content.Headers.ContentType}{(result.Location.Length > 0 ? ", Location: " + result.Location : string.Empty)}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                await ReadBodyAsync(response, result, limit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The fetch was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            (result.Failure, result.FailureMessage) = Classify(ex, url, certificate, connection, limit.IsCancellationRequested);
            log.Write($"No response: {result.FailureMessage}");
        }

        result.Certificate = certificate.Report;
        result.ElapsedMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        return result;
    }

    private async Task ReadBodyAsync(HttpResponseMessage response, HttpsFetchResult result, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > _options.MaxBytes)
        {
            result.BodyTooLarge = true;
            return;
        }

        using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new byte[_options.MaxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        if (total > _options.MaxBytes)
        {
            result.BodyTooLarge = true;
            return;
        }

        result.Body = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer, 0, total);
    }

    private static (HttpsFetchFailure, string) Classify(Exception error, Uri url, ServerCertificateCheck certificate, ConnectionState connection, bool timedOut)
    {
        if (connection.DnsFailure is { } dns)
        {
            return (HttpsFetchFailure.Dns, dns.Message);
        }

        if (certificate.Rejected)
        {
            var reasons = string.Join(" ", certificate.Report!.Findings.Where(f => f.Severity > Severity.Info).Select(f => f.Message));
            return (HttpsFetchFailure.Tls, $"The certificate of {url.Host} is not valid for it, so senders will not use this policy. {reasons}".Trim());
        }

        if (timedOut)
        {
            return (HttpsFetchFailure.Timeout, $"No complete answer from {url.Host} within the time limit.");
        }

        var innermost = error;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost switch
        {
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } =>
                (HttpsFetchFailure.Dns, $"{url.Host} does not resolve ({innermost.Message}). Publish an A or AAAA record for it."),
            SocketException socket =>
                (HttpsFetchFailure.Connect, $"Could not connect to {url.Host} on port {url.Port} ({socket.SocketErrorCode}). The policy host must serve HTTPS on port 443."),
            _ when error is System.Security.Authentication.AuthenticationException || innermost is System.Security.Authentication.AuthenticationException || certificate.Report is not null =>
                (HttpsFetchFailure.Tls, $"The TLS handshake with {url.Host} failed: {innermost.Message}"),
            _ => (HttpsFetchFailure.Protocol, $"The request to {url.Host} failed: {innermost.Message}"),
        };
    }

    /// <summary>Where to send the request: the URL itself, or (netstandard2.0 with -DnsServer) the address we resolved.</summary>
    private async Task<Uri> PrepareAsync(Uri url, ConnectionState connection, OperationLog log, CancellationToken cancellationToken)
    {
#if NET
        await Task.CompletedTask.ConfigureAwait(false);
        return url;
#else
        if (_options.Resolver is null)
        {
            return url;
        }

        var address = await connection.ResolveAsync(_options.Resolver, url.Host, log, cancellationToken).ConfigureAwait(false);
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new UriBuilder(url) { Host = host }.Uri;
#endif
    }

    private HttpMessageHandler CreateHandler(ServerCertificateCheck certificate, ConnectionState connection, OperationLog log)
    {
#if NET
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            Credentials = null,
            PreAuthenticate = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.Timeout,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certificate.Validate },
        };
        if (_options.Resolver is { } resolver)
        {
            // A resolver the user named applies to every lookup, the policy host's included.
            handler.UseProxy = false;
            handler.ConnectCallback = async (context, token) =>
            {
                var address = await connection.ResolveAsync(resolver, context.DnsEndPoint.Host, log, token).ConfigureAwait(false);
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return handler;
#else
        return new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseDefaultCredentials = false,
            PreAuthenticate = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = _options.Resolver is null,
            ServerCertificateCustomValidationCallback = (request, leaf, chain, errors) => certificate.Validate(request, leaf, chain, errors),
        };
#endif
    }

    /// <summary>What connecting learnt that the HTTP exception would hide: a DNS failure from our resolver.</summary>
    private sealed class ConnectionState
    {
        public DnsFailure? DnsFailure { get; private set; }

        public async Task<IPAddress> ResolveAsync(MailExchangerResolver resolver, string host, OperationLog log, CancellationToken cancellationToken)
        {
            var (addresses, failure) = await resolver.ResolveHostAsync(host, log, cancellationToken).ConfigureAwait(false);
            if (addresses.Count == 0)
            {
                DnsFailure = failure;
                throw new HttpRequestException(failure?.Message ?? $"{host} has no address.");
            }

            return addresses.Values[0];
        }
    }
}
