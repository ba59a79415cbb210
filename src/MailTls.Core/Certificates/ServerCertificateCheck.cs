using System;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Diagnostics;

namespace MailTls.Certificates;

/// <summary>
/// A handshake callback for connections that must be authenticated (the MTA-STS policy fetch):
/// the certificate is judged by CertificateInspector, with the user's extra roots, and the
/// handshake is refused unless its chain is valid and it names the host. The report is kept
/// either way, so the caller can say exactly why.
/// </summary>
internal sealed class ServerCertificateCheck
{
    private readonly HandshakeCapture _capture = new(new Stopwatch());
    private readonly string _host;
    private readonly CertificateTrust _trust;

    public ServerCertificateCheck(string host, CertificateTrust trust)
    {
        _host = host;
        _trust = trust;
    }

    public CertificateReport? Report { get; private set; }

    /// <summary>The handshake was refused because of the certificate.</summary>
    public bool Rejected => Report is { } report && !IsAcceptable(report);

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        _capture.Validate(sender, certificate, chain, errors);
        if (_capture.Leaf is null)
        {
            return false;
        }

        Report = CertificateInspector.Inspect(_capture.Leaf, _capture.Sent, _host, _trust, DateTimeOffset.UtcNow);
        return IsAcceptable(Report);
    }

    private static bool IsAcceptable(CertificateReport report) => report.ChainValid && report.NameMatches;
}
