using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MailTls.Certificates;

/// <summary>
/// Records what the server presented during the handshake and lets the handshake complete, as
/// a sending MTA under opportunistic TLS does: the certificate is judged afterwards, in full, by
/// CertificateInspector, and every problem is reported rather than hidden.
/// </summary>
internal sealed class HandshakeCapture
{
    private readonly Stopwatch _clock;

    public HandshakeCapture(Stopwatch clock) => _clock = clock;

    public X509Certificate2? Leaf { get; private set; }

    /// <summary>What the server sent, leaf first.</summary>
    public IReadOnlyList<X509Certificate2> Sent { get; private set; } = Array.Empty<X509Certificate2>();

    /// <summary>When the server's certificate arrived: the handshake is as good as done.</summary>
    public TimeSpan? CertificateAt { get; private set; }

    /// <summary>An exception of MailTls's own while recording; the handshake was aborted and the probe must report it as such.</summary>
    public Exception? Fault { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // An exception thrown here would reach the caller as a failed handshake, the server's fault.
        try
        {
            Record(certificate, chain);
            return true;
        }
        catch (Exception ex)
        {
            Fault = ex;
            return false;
        }
    }

    private void Record(X509Certificate? certificate, X509Chain? chain)
    {
        CertificateAt = _clock.Elapsed;
        if (certificate is null)
        {
            return;
        }

        // The platform's objects die with the handshake; keep copies.
        var leaf = new X509Certificate2(certificate);
        var sent = new List<X509Certificate2> { leaf };
        var extra = chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>().ToArray() ?? Array.Empty<X509Certificate2>();
        if (extra.Length > 0)
        {
            sent.AddRange(extra.Where(c => c.Thumbprint != leaf.Thumbprint).Select(c => new X509Certificate2(c)));
        }
        else if (chain is not null)
        {
            // SChannel (Windows PowerShell 5.1) leaves ExtraStore empty; the built chain minus its root is the best guess.
            sent.AddRange(chain.ChainElements.Cast<X509ChainElement>().Skip(1)
                .Where(e => e.Certificate.Subject != e.Certificate.Issuer)
                .Select(e => new X509Certificate2(e.Certificate)));
        }

        Leaf = leaf;
        Sent = sent;
    }
}
