using System;
using System.Collections.Generic;
using MailTls.Client;
using MailTls.Smtp;

namespace MailTls;

/// <summary>
/// One row per domain for the nightly compliance report: can mail to it travel encrypted today, and
/// which forced-TLS policy could a sender apply without mail bouncing? Every property is a scalar
/// (text, number, true/false, or an enumeration written by name), so Export-Csv is readable as it is.
/// </summary>
public sealed class DomainTlsReport
{
    private IReadOnlyList<SmtpTlsResult> _probes = Array.Empty<SmtpTlsResult>();
    private MtaStsAssessment? _mtaSts;
    private FindingList _findings = FindingList.None;
    private IReadOnlyList<ProbeFault> _faults = Array.Empty<ProbeFault>();
    private IReadOnlyList<MailClientTlsResult> _clientEndpoints = Array.Empty<MailClientTlsResult>();
    private IReadOnlyList<ClientProbeFault> _clientFaults = Array.Empty<ClientProbeFault>();

    internal DomainTlsReport()
    {
    }

    public string Domain { get; internal init; } = string.Empty;

    public Verdict Verdict { get; internal init; }

    /// <summary>Dane, Verify, Encrypt or None: the strongest outbound TLS policy mail to the domain bears today.</summary>
    public ForcedTlsLevel ForcedTls { get; internal init; }

    /// <summary>One sentence an admin can act on.</summary>
    public string Summary { get; internal init; } = string.Empty;

    /// <summary>The finding codes, joined with "; " (GetFindings() gives them with their advice).</summary>
    public string Findings { get; internal init; } = string.Empty;

    /// <summary>MX hosts (a null MX counts none).</summary>
    public int MxCount { get; internal init; }

    public string MxHosts { get; internal init; } = string.Empty;

    /// <summary>MX addresses probed.</summary>
    public int MxAddressesProbed { get; internal init; }

    /// <summary>Probed addresses that offered STARTTLS.</summary>
    public int MxWithStartTls { get; internal init; }

    /// <summary>Probed addresses that did not offer STARTTLS: mail to them travels in clear text.</summary>
    public int MxWithoutStartTls { get; internal init; }

    /// <summary>The oldest TLS version any MX address negotiated (or accepts, with -IncludeProtocolScan).</summary>
    public TlsVersion? LowestProtocol { get; internal init; }

    /// <summary>Every certificate chains to a trusted root and names its MX host; empty when no certificate was seen.</summary>
    public bool? CertificatesValid { get; internal init; }

    /// <summary>The certificate finding codes seen on any MX address, joined with "; ".</summary>
    public string CertificateProblems { get; internal init; } = string.Empty;

    /// <summary>When the first MX certificate expires, ISO 8601 UTC.</summary>
    public string EarliestCertificateExpiry { get; internal init; } = string.Empty;

    public int? DaysUntilEarliestExpiry { get; internal init; }

    /// <summary>The MX answer was DNSSEC-validated; empty when the resolver does not validate.</summary>
    public bool? DnssecSigned { get; internal init; }

    public DomainDane Dane { get; internal init; }

    /// <summary>The MTA-STS policy's mode; empty when the domain publishes no usable policy.</summary>
    public MtaStsMode? MtaStsMode { get; internal init; }

    /// <summary>The MTA-STS record and policy are valid; empty when the domain publishes no MTA-STS record.</summary>
    public bool? MtaStsValid { get; internal init; }

    /// <summary>The TLS-RPT record: Valid, Invalid or NotPublished; empty when it could not be read.</summary>
    public RecordStatus? TlsRpt { get; internal init; }

    /// <summary>
    /// The worst verdict of the domain's client endpoints (submission, IMAP, POP3), with -IncludeClientEndpoints;
    /// empty without it, or when the domain publishes none.
    /// </summary>
    public Verdict? ClientEndpoints { get; internal init; }

    /// <summary>When the domain was checked, ISO 8601 UTC.</summary>
    public string CheckedAt { get; internal init; } = string.Empty;

    public double ElapsedMs { get; internal init; }

    internal IReadOnlyList<SmtpTlsResult> Probes { init => _probes = value; }

    internal MtaStsAssessment? MtaSts { init => _mtaSts = value; }

    internal FindingList FindingList { init => _findings = value; }

    internal IReadOnlyList<ProbeFault> Faults { init => _faults = value; }

    internal IReadOnlyList<MailClientTlsResult> ClientEndpointResults { init => _clientEndpoints = value; }

    internal IReadOnlyList<ClientProbeFault> ClientFaults { init => _clientFaults = value; }

    /// <summary>The findings with their severities and advice.</summary>
    public FindingList GetFindings() => _findings;

    /// <summary>The probe of every MX address behind this row.</summary>
    public IReadOnlyList<SmtpTlsResult> GetProbes() => _probes;

    /// <summary>The MTA-STS assessment behind this row (empty for a domain whose MX could not be resolved).</summary>
    public MtaStsAssessment? GetMtaSts() => _mtaSts;

    /// <summary>The probe of every client endpoint behind <see cref="ClientEndpoints"/>; empty without -IncludeClientEndpoints.</summary>
    public IReadOnlyList<MailClientTlsResult> GetClientEndpoints() => _clientEndpoints;

    /// <summary>Client endpoints MailTls itself failed to probe: faults of its own, reported as errors too.</summary>
    public IReadOnlyList<ClientProbeFault> GetClientProbeFaults() => _clientFaults;

    /// <summary>MX addresses MailTls itself failed to probe: faults of its own, reported as errors too.</summary>
    public IReadOnlyList<ProbeFault> GetProbeFaults() => _faults;

    public override string ToString() => $"{Domain}: {Verdict}, ForcedTls {ForcedTls}";
}
