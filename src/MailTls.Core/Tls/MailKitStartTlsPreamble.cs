using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;
using MailTls.Client;
using MailTls.Diagnostics;

namespace MailTls.Tls;

/// <summary>
/// IMAP's STARTTLS (RFC 3501) and POP3's STLS (RFC 2595), spoken by MailKit's own clients up to the
/// server's go-ahead; the ClientHello MailKit's SslStream then writes is held back
/// (<see cref="HandoffStream"/>), so the probe's TLS client, which can offer what SslStream cannot,
/// sends its own.
/// </summary>
public sealed class MailKitStartTlsPreamble : ITlsPreamble
{
    private readonly MailClientProtocol _protocol;
    private readonly TimeSpan _timeout;

    private MailKitStartTlsPreamble(MailClientProtocol protocol, TimeSpan timeout)
    {
        _protocol = protocol;
        _timeout = timeout;
    }

    /// <summary>IMAP with STARTTLS (port 143).</summary>
    public static MailKitStartTlsPreamble Imap(TimeSpan timeout) => new(MailClientProtocol.Imap, timeout);

    /// <summary>POP3 with STLS (port 110).</summary>
    public static MailKitStartTlsPreamble Pop3(TimeSpan timeout) => new(MailClientProtocol.Pop3, timeout);

    public string Name => "StartTls";

    private string Command => _protocol == MailClientProtocol.Pop3 ? "STLS" : "STARTTLS";

    public TlsPreambleResult Run(Stream connection, TlsEndpoint endpoint, OperationLog log, CancellationToken cancellationToken)
    {
        var transcript = new ClientTranscript(Stopwatch.StartNew(), log, tagged: _protocol == MailClientProtocol.Imap, Command);
        MailService client = _protocol == MailClientProtocol.Pop3 ? new Pop3Client(transcript) : new ImapClient(transcript);
        client.CheckCertificateRevocation = false;
        client.Timeout = (int)Math.Min(int.MaxValue, _timeout.TotalMilliseconds * 2);
        var handoff = new HandoffStream(connection);
        try
        {
            client.Connect(handoff, endpoint.ServerName ?? endpoint.Address.ToString(), endpoint.Port, SecureSocketOptions.StartTls, cancellationToken);
            client.Dispose();
            return TlsPreambleResult.Failed($"MailKit finished a TLS handshake it should have left to the probe; nothing to enumerate.");
        }
        catch (Exception) when (handoff.HandedOff)
        {
            return TlsPreambleResult.Ready(client);
        }
        catch (NotSupportedException)
        {
            return TlsPreambleResult.Refused($"The server does not offer {Command}, so there is no TLS to enumerate on this port.", client);
        }
        catch (CommandException ex)
        {
            return TlsPreambleResult.Refused($"The server refused {Command} ({ex.Message}).", client);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is IOException or TimeoutException or ProtocolException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return TlsPreambleResult.Failed($"The {_protocol} dialogue broke off before {Command}: {ex.Message}", client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
