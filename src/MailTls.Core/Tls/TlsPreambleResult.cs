using System;

namespace MailTls.Tls;

/// <summary>What a preamble achieved, and whatever must stay alive until the TLS part is over.</summary>
public sealed class TlsPreambleResult
{
    private TlsPreambleResult(TlsPreambleOutcome outcome, string message, IDisposable? session)
    {
        Outcome = outcome;
        Message = message;
        Session = session;
    }

    public TlsPreambleOutcome Outcome { get; }

    /// <summary>Why it did not reach Ready, as a sentence with the server's reply.</summary>
    public string Message { get; }

    /// <summary>The protocol client that ran the preamble (it owns buffers on the stream); disposed after the handshake.</summary>
    public IDisposable? Session { get; }

    public static TlsPreambleResult Ready(IDisposable? session = null) => new(TlsPreambleOutcome.Ready, string.Empty, session);

    public static TlsPreambleResult Busy(string message, IDisposable? session = null) => new(TlsPreambleOutcome.Busy, message, session);

    public static TlsPreambleResult Refused(string message, IDisposable? session = null) => new(TlsPreambleOutcome.Refused, message, session);

    public static TlsPreambleResult Failed(string message, IDisposable? session = null) => new(TlsPreambleOutcome.Failed, message, session);
}
