using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MailTls.Dns;

namespace MailTls.Dane;

/// <summary>DANE's verdict for one probe: the status, the record that matched, and the finding to report.</summary>
internal sealed class DaneEvaluation
{
    private DaneEvaluation(DaneStatus status, TlsaAssociation? matched, Finding? finding)
    {
        Status = status;
        Matched = matched;
        Finding = finding;
    }

    public DaneStatus Status { get; }

    public TlsaAssociation? Matched { get; }

    public Finding? Finding { get; }

    public static DaneEvaluation None { get; } = new(DaneStatus.None, null, null);

    /// <summary>No TLS session to match against: what the lookup alone shows still counts, a mismatch cannot be told.</summary>
    public static DaneEvaluation WithoutSession(TlsaLookup? tlsa)
    {
        var evaluation = Evaluate(tlsa, null, Array.Empty<X509Certificate2>(), DateTimeOffset.UtcNow);
        return evaluation.Status == DaneStatus.Mismatch ? None : evaluation;
    }

    /// <param name="tlsa">The server's TLSA lookup; null when there is none to do (an address without a name).</param>
    /// <param name="leaf">The certificate presented, or null when no TLS session came up.</param>
    /// <param name="sent">Every certificate the server sent, leaf first.</param>
    /// <param name="now">When, for DANE-TA's validity check.</param>
    public static DaneEvaluation Evaluate(TlsaLookup? tlsa, X509Certificate2? leaf, IReadOnlyList<X509Certificate2> sent, DateTimeOffset now)
    {
        if (tlsa is null)
        {
            return None;
        }

        if (tlsa.Failure is { } failure)
        {
            return new(DaneStatus.LookupFailed, null, new Finding(FindingCodes.DaneLookupFailed, Severity.Error,
                $"The TLSA lookup for {tlsa.Owner} failed: {failure.Message} DANE senders defer mail to {tlsa.Host} until it answers (RFC 7672 §2.1)."));
        }

        if (tlsa.Records.Count == 0)
        {
            return None;
        }

        if (tlsa.Dnssec == DnssecStatus.NotValidated)
        {
            return new(DaneStatus.Unauthenticated, null, new Finding(FindingCodes.DaneNotValidated, Severity.Warning,
                $"{tlsa.Owner} has TLSA records, but the resolver used here does not validate DNSSEC, so it cannot tell whether senders would trust them. Check DANE through a validating resolver (-DnsServer)."));
        }

        if (tlsa.Dnssec == DnssecStatus.Unsigned)
        {
            return new(DaneStatus.Unauthenticated, null, new Finding(FindingCodes.DaneUnauthenticated, Severity.Warning,
                $"{tlsa.Owner} has TLSA records, but its zone is not signed with DNSSEC, so senders ignore them (RFC 7672 §2.2). Sign the zone with DNSSEC, or remove the records."));
        }

        var usable = tlsa.Usable;
        if (usable.Count == 0)
        {
            return new(DaneStatus.Unusable, null, new Finding(FindingCodes.DaneUnusable, Severity.Warning,
                $"No TLSA record at {tlsa.Owner} is usable for SMTP, so senders use opportunistic TLS: {tlsa.Records[0].UnusableReason} Publish DANE-EE (3 1 1) or DANE-TA (2 1 1) records."));
        }

        if (leaf is null)
        {
            return new(DaneStatus.Mismatch, null, new Finding(FindingCodes.DaneNoMatch, Severity.Error,
                $"{tlsa.Owner} publishes TLSA records, so DANE senders require TLS, but no TLS session could be established with {tlsa.Host}: they will not deliver."));
        }

        var names = new[] { tlsa.Host, tlsa.BaseDomain }.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var match = DaneMatcher.Match(usable, leaf, sent, names, now);
        return match.Matched
            ? new(DaneStatus.Valid, match.Record, null)
            : new(DaneStatus.Mismatch, null, new Finding(FindingCodes.DaneNoMatch, Severity.Error,
                $"No TLSA record at {tlsa.Owner} matches the server's certificate, so DANE senders will not deliver (they defer the mail). {match.Detail}"));
    }
}
