using System.IO;
using System.Threading;
using MailTls.Diagnostics;

namespace MailTls.Tls;

/// <summary>
/// The plaintext part of a connection before the TLS handshake: nothing for implicit TLS, the
/// banner, EHLO and STARTTLS for SMTP; IMAP's STARTTLS and POP3's STLS fit the same shape. The
/// enumerator opens the connection, runs the preamble on it, then sends its ClientHello.
/// </summary>
/// <remarks>
/// Runs on a dedicated probe thread and must block rather than await: the TLS client that follows
/// is blocking, and a probe must not hold a thread-pool thread. Every read and write on
/// <c>connection</c> already has the probe's time limit.
/// </remarks>
public interface ITlsPreamble
{
    /// <summary>Short and stable, used in logs and output: "StartTls", "Implicit"…</summary>
    string Name { get; }

    /// <summary>Brings the fresh connection to the point where the server expects a ClientHello.</summary>
    /// <param name="connection">The connection; leave it open.</param>
    /// <param name="endpoint">Where it goes (server name for EHLO partner and logs, port).</param>
    /// <param name="log">Receives the dialogue; may be disabled.</param>
    /// <param name="cancellationToken">Ctrl+C; the connection is closed from outside when it fires.</param>
    TlsPreambleResult Run(Stream connection, TlsEndpoint endpoint, OperationLog log, CancellationToken cancellationToken);
}
