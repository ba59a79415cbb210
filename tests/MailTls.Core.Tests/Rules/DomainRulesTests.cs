using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using MailTls.Certificates;
using MailTls.Dane;
using MailTls.Dns;
using MailTls.MtaSts;
using MailTls.Rules;
using MailTls.Smtp;
using MailTls.Tests.Certificates;
using MailTls.Tests.Tls;
using Xunit;

namespace MailTls.Tests.Rules;

/// <summary>The roll-up's rules on made-up facts: forced-TLS level, verdict, the row's columns. No lab.</summary>
public class DomainRulesTests
{
    private static readonly TestPki.Authority Root = TestPki.Root("Rules Test Root", HashAlgorithmName.SHA256);
    private static readonly CertificateTrust Trust = new(new[] { Root.Certificate });
    private static readonly SmtpProbeOptions Options = new(heloName: "probe.test", trust: Trust);

    [Fact]
    public void Report_EveryMxWithStartTlsAndAValidCertificate_IsVerify()
    {
        var report = Report(Probe("mx1.contoso.test", "192.0.2.1"), Probe("mx2.contoso.test", "192.0.2.2"));

        Assert.Equal(ForcedTlsLevel.Verify, report.ForcedTls);
        Assert.Equal(Verdict.Pass, report.Verdict);
        Assert.Equal(2, report.MxWithStartTls);
        Assert.True(report.CertificatesValid);
        Assert.Contains("Postfix secure", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OneCertificateForAnotherName_IsEncryptAndSaysWhichHost()
    {
        var report = Report(Probe("mx1.contoso.test", "192.0.2.1"), Probe("mx2.contoso.test", "192.0.2.2", certificateName: "other.test"));

        Assert.Equal(ForcedTlsLevel.Encrypt, report.ForcedTls);
        Assert.Equal(Verdict.Warn, report.Verdict);
        Assert.False(report.CertificatesValid);
        Assert.Equal(FindingCodes.CertNameMismatch, report.CertificateProblems);
        Assert.Contains("mx2.contoso.test [192.0.2.2]", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OneMxWithoutStartTls_IsNoneAndFails()
    {
        var report = Report(Probe("mx1.contoso.test", "192.0.2.1"), Probe("mx2.contoso.test", "192.0.2.2", startTls: false));

        Assert.Equal(ForcedTlsLevel.None, report.ForcedTls);
        Assert.Equal(Verdict.Fail, report.Verdict);
        Assert.Equal(1, report.MxWithoutStartTls);
        Assert.Contains("does not offer STARTTLS", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OnlyTls10_IsNoneEvenWithAValidCertificate()
    {
        var report = Report(Probe("mx1.contoso.test", "192.0.2.1", protocol: TlsVersion.Tls10));

        Assert.Equal(ForcedTlsLevel.None, report.ForcedTls);
        Assert.Equal(TlsVersion.Tls10, report.LowestProtocol);
        Assert.Contains("TLS 1.0", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ProtocolScan_LegacyOnlyServer_SaysTlsLegacyOnlyWithTheVersionInsteadOfAHandshakeFailure()
    {
        var scan = TlsFacts.Scan((TlsVersion.Ssl3, TlsSupport.NotAccepted), (TlsVersion.Tls10, TlsSupport.Accepted), (TlsVersion.Tls11, TlsSupport.NotAccepted),
            (TlsVersion.Tls12, TlsSupport.NotAccepted), (TlsVersion.Tls13, TlsSupport.NotAccepted));
        var probe = HandshakeFailed("mx1.contoso.test", "192.0.2.1", scan);

        Assert.Equal(new[] { FindingCodes.TlsLegacyOnly }, probe.Findings.Select(f => f.Code));
        Assert.Contains("only TLS 1.0", probe.Findings[0].Message, StringComparison.Ordinal);
        Assert.Equal(Verdict.Fail, probe.Verdict);
        Assert.Equal(TlsVersion.Tls10, probe.LowestProtocol);
        Assert.Equal("TLS 1.0", probe.ProtocolsAccepted.ToString());

        var report = Report(Probe("mx2.contoso.test", "192.0.2.2"), probe);
        Assert.Equal(ForcedTlsLevel.None, report.ForcedTls);
        Assert.Equal(TlsVersion.Tls10, report.LowestProtocol);
        Assert.Contains("mx1.contoso.test [192.0.2.1] accepts only TLS 1.0", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ProtocolScan_HandshakeFailureWithModernVersionsAccepted_StaysAHandshakeFailure()
    {
        // The scan's client got TLS 1.2 where the probe's did not: the failure is something else (certificate, key, settings).
        var scan = TlsFacts.Scan((TlsVersion.Ssl3, TlsSupport.NotAccepted), (TlsVersion.Tls10, TlsSupport.NotAccepted), (TlsVersion.Tls11, TlsSupport.NotAccepted),
            (TlsVersion.Tls12, TlsSupport.Accepted), (TlsVersion.Tls13, TlsSupport.NotAccepted));
        var probe = HandshakeFailed("mx1.contoso.test", "192.0.2.1", scan);

        Assert.Equal(new[] { FindingCodes.TlsHandshakeFailed }, probe.Findings.Select(f => f.Code));
        Assert.Equal(TlsVersion.Tls12, probe.LowestProtocol);
    }

    [Fact]
    public void ProtocolScan_LegacyBesidesModern_WarnsButKeepsTheLevelAndLowersLowestProtocol()
    {
        var scan = TlsFacts.Scan((TlsVersion.Ssl3, TlsSupport.NotAccepted), (TlsVersion.Tls10, TlsSupport.Accepted), (TlsVersion.Tls11, TlsSupport.Accepted),
            (TlsVersion.Tls12, TlsSupport.Accepted), (TlsVersion.Tls13, TlsSupport.Accepted));
        var probe = Probe("mx1.contoso.test", "192.0.2.1", scan: scan);

        Assert.Equal(new[] { FindingCodes.TlsLegacyAccepted }, probe.Findings.Select(f => f.Code));
        Assert.Equal(Verdict.Warn, probe.Verdict);
        var report = Report(probe);
        Assert.Equal(ForcedTlsLevel.Verify, report.ForcedTls);
        Assert.Equal(TlsVersion.Tls10, report.LowestProtocol);
        Assert.Equal(TlsVersion.Tls13, Report(Probe("mx1.contoso.test", "192.0.2.1")).LowestProtocol);
    }

    [Fact]
    public void ProtocolScan_UndecidedVersions_AreUnknownNotAbsent()
    {
        var scan = TlsFacts.Scan((TlsVersion.Ssl3, TlsSupport.Unknown), (TlsVersion.Tls10, TlsSupport.Unknown), (TlsVersion.Tls11, TlsSupport.NotAccepted),
            (TlsVersion.Tls12, TlsSupport.Accepted), (TlsVersion.Tls13, TlsSupport.Accepted));
        var probe = Probe("mx1.contoso.test", "192.0.2.1", scan: scan);

        Assert.Equal(new[] { FindingCodes.TlsScanIncomplete }, probe.Findings.Select(f => f.Code));
        Assert.Equal(Verdict.Pass, probe.Verdict);
    }

    [Fact]
    public void Report_OneMxUnreachable_IsNoneAndErrorNotFail()
    {
        var unreachable = Probe("mx2.contoso.test", "192.0.2.2", failure: new Finding(FindingCodes.ConnectTimeout, Severity.Error, "No answer."));
        var report = Report(Probe("mx1.contoso.test", "192.0.2.1"), unreachable);

        Assert.Equal(ForcedTlsLevel.None, report.ForcedTls);
        Assert.Equal(Verdict.Error, report.Verdict);
        Assert.Contains("could not be checked", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_EveryMxMatchingDane_IsDaneWhateverThePkixName()
    {
        var report = Report(Probe("mx1.contoso.test", "192.0.2.1", dane: DaneStatus.Valid, certificateName: "other.test"));

        Assert.Equal(ForcedTlsLevel.Dane, report.ForcedTls);
        Assert.Equal(DomainDane.Valid, report.Dane);
    }

    [Fact]
    public void Report_DaneOnOneHostOnly_IsPartialAndNotDane()
    {
        var report = Report(Probe("mx1.contoso.test", "192.0.2.1", dane: DaneStatus.Valid), Probe("mx2.contoso.test", "192.0.2.2"));

        Assert.Equal(DomainDane.Partial, report.Dane);
        Assert.Equal(ForcedTlsLevel.Verify, report.ForcedTls);
    }

    [Fact]
    public void Report_MtaStsNotPublished_IsNoFindingInTheRollup()
    {
        var report = Report(Probe("mx1.contoso.test", "192.0.2.1"));

        Assert.DoesNotContain(FindingCodes.MtaStsNotPublished, report.Findings, StringComparison.Ordinal);
        Assert.Null(report.MtaStsMode);
        Assert.Null(report.MtaStsValid);
    }

    [Fact]
    public void Report_EveryPropertyIsAScalar()
    {
        var report = Report(Probe("mx1.contoso.test", "192.0.2.1"));

        foreach (var property in typeof(DomainTlsReport).GetProperties().Where(p => p.GetMethod is { IsPublic: true }))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.True(type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(double), $"{property.Name} is a {type.Name}");
        }
    }

    private static DomainTlsReport Report(params SmtpTlsResult[] probes)
    {
        var domain = "contoso.test";
        var exchangers = probes.Select((p, i) => new MailExchanger(domain, p.Exchange, 10 * (i + 1), new AddressList(new[] { IPAddress.Parse(p.Address) }), false, false, DnssecStatus.Signed, "192.0.2.53")).ToArray();
        var mx = new MailExchangerLookup(domain, exchangers, null, Array.Empty<string>());
        var check = new SmtpCheck(probes, Array.Empty<ProbeFault>());
        var record = new MtaStsRecord { Domain = domain, Status = RecordStatus.NotPublished };
        var evidence = new MtaStsEvidence(record, null, MtaStsPolicy.NotFetched(domain), Array.Empty<Finding>(), null, null);
        var sts = MtaStsChecker.Assess(domain, evidence, mx, check);
        return DomainRules.Report(domain, mx, check, sts, TimeSpan.FromMilliseconds(5), DateTimeOffset.UtcNow);
    }

    private static SmtpTlsResult Probe(string host, string address, bool startTls = true, TlsVersion protocol = TlsVersion.Tls13,
        string? certificateName = null, DaneStatus dane = DaneStatus.None, Finding? failure = null, TlsProtocolScan? scan = null)
    {
        var ip = IPAddress.Parse(address);
        var tls = startTls && failure is null;
        CertificateReport? certificate = null;
        var evaluation = DaneEvaluation.None;
        if (tls)
        {
            var leaf = TestPki.Leaf(Root, certificateName ?? host, HashAlgorithmName.SHA256);
            certificate = CertificateInspector.Inspect(leaf, new[] { leaf }, host, Trust, DateTimeOffset.UtcNow);
            if (dane == DaneStatus.Valid)
            {
                // A DANE-EE record of the leaf's key, as a signed zone would publish it.
                var record = DaneRecordFactory.ForCertificate(leaf, TlsaAssociation.UsageDaneEe, TlsaAssociation.SelectorPublicKey, TlsaAssociation.MatchingSha256);
                var tlsa = new TlsaLookup(host, 25, "_25._tcp." + host, host, new[] { record }, DnssecStatus.Signed, null);
                evaluation = DaneEvaluation.Evaluate(tlsa, leaf, new[] { leaf }, DateTimeOffset.UtcNow);
            }
        }

        var facts = new SmtpProbeFacts(ip, Options, host)
        {
            Failure = failure,
            Ran = failure is null,
            StartTlsOffered = failure is null ? startTls : null,
            TlsEstablished = tls,
            Protocol = tls ? protocol : null,
            Certificate = certificate,
        };
        return SmtpTlsResult.Probed(new SmtpTarget("contoso.test", host, 10, ip), facts, null, evaluation, SmtpRules.Judge(facts, evaluation, scan), scan);
    }

    // STARTTLS offered, then the handshake failed (this machine's TLS library offers nothing the server accepts).
    private static SmtpTlsResult HandshakeFailed(string host, string address, TlsProtocolScan scan)
    {
        var ip = IPAddress.Parse(address);
        var facts = new SmtpProbeFacts(ip, Options, host)
        {
            Failure = new Finding(FindingCodes.TlsHandshakeFailed, Severity.Error, "The TLS handshake failed."),
            StartTlsOffered = true,
        };
        return SmtpTlsResult.Probed(new SmtpTarget("contoso.test", host, 10, ip), facts, null, DaneEvaluation.None, SmtpRules.Judge(facts, DaneEvaluation.None, scan), scan);
    }
}
