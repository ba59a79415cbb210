using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailTls.Diagnostics;
using MailTls.Smtp;

namespace MailTls.Tls;

/// <summary>
/// SMTP's way into TLS (RFC 3207): greeting, EHLO, STARTTLS, 220. MailKit speaks the SMTP; the
/// connection is then handed to the TLS probe instead of MailKit's own SslStream, because the
/// probe must offer versions and suites SslStream cannot.
/// </summary>
public sealed class SmtpStartTlsPreamble : ITlsPreamble
{
    private readonly string _heloName;
    private readonly TimeSpan _timeout;

    /// <param name="heloName">The name sent with EHLO.</param>
    /// <param name="timeout">How long each reply may take (the connection enforces it too).</param>
    public SmtpStartTlsPreamble(string heloName, TimeSpan timeout)
    {
        _heloName = string.IsNullOrWhiteSpace(heloName) ? throw new ArgumentException("An EHLO name is required.", nameof(heloName)) : heloName.Trim();
        _timeout = timeout;
    }

    public string Name => "StartTls";

    public TlsPreambleResult Run(Stream connection, TlsEndpoint endpoint, OperationLog log, CancellationToken cancellationToken)
    {
        var transcript = log.IsEnabled ? new SmtpTranscript(Stopwatch.StartNew(), log) : null;
        var client = new StartTlsClient(transcript)
        {
            LocalDomain = _heloName,
            CheckCertificateRevocation = false,
            Timeout = (int)Math.Min(int.MaxValue, _timeout.TotalMilliseconds * 2),
        };

        try
        {
            return Dialogue(client, connection, endpoint, cancellationToken);
        }
        catch
        {
            // Cancelled: nothing will dispose the client after the handshake that never comes.
            client.Dispose();
            throw;
        }
    }

    private static TlsPreambleResult Dialogue(StartTlsClient client, Stream connection, TlsEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            client.Connect(connection, endpoint.ServerName ?? endpoint.Address.ToString(), endpoint.Port, SecureSocketOptions.None, cancellationToken);
            if (!client.Capabilities.HasFlag(SmtpCapabilities.StartTLS))
            {
                return TlsPreambleResult.Refused("The server does not offer STARTTLS after EHLO, so there is no TLS to enumerate on this port.", client);
            }

            var reply = client.StartTls(cancellationToken);
            var code = (int)reply.StatusCode;
            var text = $"{code.ToString(CultureInfo.InvariantCulture)} {reply.Response}".Trim();
            return code switch
            {
                220 => TlsPreambleResult.Ready(client),
                >= 400 and < 500 => TlsPreambleResult.Busy($"The server answered STARTTLS with {text}.", client),
                _ => TlsPreambleResult.Refused($"The server refused STARTTLS ({text}).", client),
            };
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode is >= 400 and < 500)
        {
            return TlsPreambleResult.Busy($"The server answered {(int)ex.StatusCode} ({ex.Message}): it is limiting connections from this client.", client);
        }
        catch (SmtpCommandException ex)
        {
            return TlsPreambleResult.Refused($"The server refused the session ({(int)ex.StatusCode} {ex.Message}).", client);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is IOException or TimeoutException or SmtpProtocolException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return TlsPreambleResult.Failed($"The SMTP dialogue broke off before STARTTLS: {ex.Message}", client);
        }
    }

    // MailKit issues STARTTLS itself only to run its own SslStream handshake; the protected command API sends it plain.
    private sealed class StartTlsClient : SmtpClient
    {
        public StartTlsClient(IProtocolLogger? logger)
            : base(logger ?? new NullProtocolLogger())
        {
        }

        public SmtpResponse StartTls(CancellationToken cancellationToken) => SendCommand("STARTTLS", cancellationToken);
    }
}
