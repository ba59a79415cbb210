using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;
using MailTls.Commands.Infrastructure;
using MailTls.Dane;
using MailTls.Diagnostics;
using MailTls.Dns;
using MailTls.Session;
using MailTls.Smtp;

namespace MailTls.Commands;

/// <summary>New-DaneTlsa: the TLSA records to publish for a certificate, from a file, an object or a live server.</summary>
[Cmdlet(VerbsCommon.New, "DaneTlsa", DefaultParameterSetName = CertificateSet, HelpUri = HelpLinks.NewDaneTlsa)]
[OutputType("MailTls.TlsaRecordDraft")]
public sealed class NewDaneTlsaCommand : MailTlsCmdlet
{
    private const string CertificateSet = "Certificate";
    private const string ComputerSet = "ComputerName";

    /// <summary>The server certificate: an X509Certificate2, PEM text, or a PEM/DER file (a PEM chain's second certificate is taken as the issuer).</summary>
    [Parameter(ParameterSetName = CertificateSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object Certificate { get; set; } = null!;

    /// <summary>A live server to read the certificate from (a probe like Test-SmtpTls, ending at QUIT).</summary>
    [Parameter(ParameterSetName = ComputerSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string ComputerName { get; set; } = string.Empty;

    /// <summary>The mail server's host name, for the owner name _port._tcp.&lt;host&gt;; by default -ComputerName, or the certificate's first DNS name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HostName { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>Also emit a DANE-TA "2 1 1" record for the certificate's issuer.</summary>
    [Parameter]
    public SwitchParameter IncludeIssuer { get; set; }

    [Parameter(ParameterSetName = ComputerSet)]
    [ValidateNotNullOrEmpty]
    public string[]? DnsServer { get; set; }

    [Parameter(ParameterSetName = ComputerSet)]
    [ValidateRange(1, 300)]
    public int Timeout { get; set; } = 10;

    protected override void ProcessRecord()
    {
        var chain = ParameterSetName == ComputerSet ? FromServer() : FromCertificate();
        if (chain is null || chain.Count == 0)
        {
            return;
        }

        var host = HostName ?? (ParameterSetName == ComputerSet ? ComputerName : HostNameMatcher.GetDnsNames(chain[0]).FirstOrDefault());
        if (host is null)
        {
            WriteError(ErrorRecords.InvalidComputerName(string.Empty, "The certificate has no DNS name to take the host name from; pass -HostName."));
            return;
        }

        if (!DomainName.TryNormalize(host, out _, out var reason))
        {
            WriteError(ErrorRecords.InvalidComputerName(host, reason));
            return;
        }

        WriteObject(DaneRecords.ForServer(chain[0], host, Port));
        if (IncludeIssuer)
        {
            if (chain.Count < 2)
            {
                WriteWarning($"No issuer certificate to pin: {(ParameterSetName == ComputerSet ? "the server sent only its own certificate" : "give a PEM file that holds the chain, leaf first")}. A DANE-TA record must match a certificate the server sends.");
                return;
            }

            WriteObject(DaneRecords.ForIssuer(chain[1], host, Port));
        }
    }

    private IReadOnlyList<X509Certificate2>? FromCertificate()
    {
        var value = Certificate is PSObject wrapped ? wrapped.BaseObject : Certificate;
        if (value is X509Certificate2 certificate)
        {
            return new[] { certificate };
        }

        // PEM text pasted or read with Get-Content -Raw: the certificate itself, not a path.
        if (value is string text && text.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0)
        {
            try
            {
                return CertificateTrust.ParsePem(text);
            }
            catch (ArgumentException ex)
            {
                WriteError(ErrorRecords.InvalidCertificate("(PEM text)", ErrorRecords.Reason(ex)));
                return null;
            }
        }

        // A path: a chain file gives leaf and issuer in the order servers send them.
        return ParameterParsing.Certificates(this, new[] { value }, ErrorRecords.InvalidCertificate);
    }

    private IReadOnlyList<X509Certificate2>? FromServer()
    {
        var session = new RunSession(new RunSessionOptions(ParameterParsing.DnsServers(this, DnsServer), TimeSpan.FromSeconds(Timeout), throttleLimit: 1), StopToken);
        var options = ParameterParsing.SmtpOptions(this, Port, SmtpTlsMode.Auto, HostName, heloName: null, Timeout, session.Trust);
        var log = VerboseWanted ? new OperationLog() : OperationLog.None;
        var (chain, reason) = RunSync(token => DaneRecords.ReadServerAsync(session, options, ComputerName, log, token));
        foreach (var line in log.Lines)
        {
            WriteVerbose(line);
        }

        if (chain is null)
        {
            WriteError(ErrorRecords.NoCertificate(ComputerName, reason));
        }

        return chain;
    }
}
