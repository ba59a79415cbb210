using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Diagnostics;

namespace MailTls.Smtp;

/// <summary>Probes one address for its SMTP TLS facts (SmtpProber; tests put a fault in its place).</summary>
internal interface ISmtpProber
{
    SmtpProbeOptions Options { get; }

    /// <param name="address">The address to connect to.</param>
    /// <param name="hostName">The host name behind it; SNI and the certificate check use it unless the options name another.</param>
    /// <param name="answeredBefore">The address completed a connection earlier in the run, so a refusal now means it is busy.</param>
    /// <param name="log">Receives the transcript.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    Task<SmtpProbeFacts> ProbeAsync(IPAddress address, string hostName, bool answeredBefore, OperationLog log, CancellationToken cancellationToken);
}
