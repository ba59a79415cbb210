using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using MailTls.Session;
using MailTls.Tls;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// A bulk cmdlet that works on the network: -DnsServer and -Timeout, and one run session built in
/// BeginProcessing (resolver, caches, connection limits, trust) that every item of the run shares.
/// </summary>
public abstract class SessionCmdlet : BulkCmdlet
{
    private RunSession? _session;
    private TlsEnumerator? _tlsEnumerator;

    protected SessionCmdlet(int defaultTimeoutSeconds) => Timeout = defaultTimeoutSeconds;

    /// <summary>Resolvers to ask instead of the system's: IP addresses, optionally with :port.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    /// <summary>Seconds each step may take: a DNS answer from one server, a connect, a reply, a handshake, a fetch.</summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; }

    /// <summary>The run's session; built in BeginProcessing.</summary>
    private protected RunSession Session => _session ?? throw new InvalidOperationException("BeginProcessing has not run.");

    /// <summary>
    /// The run's TLS version and suite prober (its own probe threads, through the session's connection
    /// limits), made on first use and ended with the run.
    /// </summary>
    private protected TlsEnumerator TlsEnumerator => _tlsEnumerator ??= new TlsEnumerator(
        new TlsEnumerationOptions(TimeSpan.FromSeconds(Timeout), probeThreads: Math.Min(64, Math.Max(16, ThrottleLimit))),
        Session.Connections);

    /// <summary>Roots to trust besides the system's (cmdlets with -TrustedRootCertificate).</summary>
    private protected virtual IReadOnlyList<X509Certificate2> TrustedRoots => Array.Empty<X509Certificate2>();

    /// <summary>Connections open at once to one address, before it reports itself busy.</summary>
    private protected virtual int MaxConnectionsPerAddress => Bulk.ConnectionGate.DefaultPerAddress;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var options = new RunSessionOptions(
            ParameterParsing.DnsServers(this, DnsServer),
            TimeSpan.FromSeconds(Timeout),
            ThrottleLimit,
            MaxConnectionsPerAddress,
            TrustedRoots);
        _session = new RunSession(options, StopToken);
        WriteVerbose($"DNS through {_session.Dns.ServerList}, {Timeout} s per step, {ThrottleLimit} at once; {options.TrustedRoots.Count} extra trusted root(s).");
    }

    protected override void EndProcessing()
    {
        try
        {
            base.EndProcessing();
        }
        finally
        {
            _tlsEnumerator?.Dispose();
        }
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        _tlsEnumerator?.Dispose();
    }
}
