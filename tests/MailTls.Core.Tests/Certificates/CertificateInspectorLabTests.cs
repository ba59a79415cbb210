using System;
using System.Collections.Generic;
using System.Linq;
using MailTls.Certificates;
using MailTls.Tests.Lab;
using Xunit;

namespace MailTls.Tests.Certificates;

/// <summary>The inspector against the certificates the running lab's Postfix listeners serve.</summary>
public class CertificateInspectorLabTests
{
    /// <summary>What each lab case must produce with the lab CA trusted: exactly these finding codes, and the chain status.</summary>
    private static readonly Dictionary<string, (string[] Codes, string ChainStatus)> Expected = new()
    {
        ["good"] = (Array.Empty<string>(), ""),
        ["good2"] = (Array.Empty<string>(), ""),
        ["tls12"] = (Array.Empty<string>(), ""),
        ["legacy"] = (Array.Empty<string>(), ""),
        ["expired"] = (new[] { FindingCodes.CertExpired }, "NotTimeValid"),
        ["notyetvalid"] = (new[] { FindingCodes.CertNotYetValid }, "NotTimeValid"),
        ["wrongname"] = (new[] { FindingCodes.CertNameMismatch }, ""),
        ["selfsigned"] = (new[] { FindingCodes.CertUntrusted }, "UntrustedRoot"),
        ["nointermediate"] = (new[] { FindingCodes.CertChainIncomplete }, "PartialChain"),
        ["weakkey"] = (new[] { FindingCodes.CertWeakKey }, ""),
        ["sha1"] = (new[] { FindingCodes.CertWeakSignature }, ""),
        ["legacyall"] = (Array.Empty<string>(), ""),
        ["serverorder"] = (Array.Empty<string>(), ""),
        ["clientorder"] = (Array.Empty<string>(), ""),
        ["dhe1024"] = (Array.Empty<string>(), ""),
        ["ratelimit"] = (Array.Empty<string>(), ""),
        ["scale-a"] = (Array.Empty<string>(), ""),
        ["scale-b"] = (Array.Empty<string>(), ""),
        ["scale-c"] = (Array.Empty<string>(), ""),
        ["scale-d"] = (Array.Empty<string>(), ""),
    };

    public static TheoryData<string, string> KnownCasesBothStrategies()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Expected.Keys)
        {
            data.Add(name, nameof(ChainStrategy.CustomRootTrust));
            data.Add(name, nameof(ChainStrategy.AllowUnknownAuthority));
        }

        return data;
    }

    public static TheoryData<string> AllCertificateCases()
    {
        var data = new TheoryData<string>();
        foreach (var name in LabCertificates.CaseNames)
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Lab_EveryCaseWithACertificate_HasAnExpectation()
    {
        // A case added to the lab must be added here too, or it would go untested.
        Assert.Empty(LabCertificates.CaseNames.Except(Expected.Keys));
    }

    [Theory]
    [MemberData(nameof(KnownCasesBothStrategies))]
    public void Inspect_LabCaseTrustingLabCa_GivesExactlyTheExpectedFindings(string caseName, string strategy)
    {
        var report = Inspect(caseName, LabCertificates.LabTrust(), DateTimeOffset.UtcNow, strategy);
        var (codes, chainStatus) = Expected[caseName];

        Assert.Equal(codes, report.Findings.Select(f => f.Code).ToArray());
        Assert.Equal(chainStatus, report.ChainStatus);
        Assert.Equal(chainStatus.Length == 0, report.ChainValid);
        Assert.Equal(caseName != "wrongname", report.NameMatches);
        Assert.Equal(LabCertificates.Case(caseName).Host, report.ExpectedName);
        Assert.All(report.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));
    }

    [Fact]
    public void Inspect_TheSameCertificatesAgain_BuildsTheChainOnce_AndHandsBackTheCallersOwnObjects()
    {
        // A hosted provider's MX hosts present one certificate: the run builds its chain once.
        var trust = LabCertificates.LabTrust();
        var now = DateTimeOffset.UtcNow;
        var reports = Enumerable.Range(0, 3).Select(_ =>
        {
            var sent = LabCertificates.Sent("good");
            return (Sent: sent, Report: CertificateInspector.Inspect(sent[0], sent, "mx1.example.test", trust, now));
        }).ToArray();

        Assert.Equal(1, trust.ChainsBuilt);
        foreach (var (sent, report) in reports)
        {
            Assert.True(report.ChainValid);
            Assert.Equal(3, report.Chain.Count);
            Assert.Same(sent[0], report.Chain[0]);
            Assert.Same(sent[1], report.Chain[1]);
        }

        var other = LabCertificates.Sent("good2");
        CertificateInspector.Inspect(other[0], other, "mx2.example.test", trust, now);
        Assert.Equal(2, trust.ChainsBuilt);
    }

    [Theory]
    [InlineData(nameof(ChainStrategy.CustomRootTrust))]
    [InlineData(nameof(ChainStrategy.AllowUnknownAuthority))]
    public void Inspect_GoodTrustingLabCa_BuildsTheFullChainUpToTheLabRoot(string strategy)
    {
        var report = Inspect("good", LabCertificates.LabTrust(), DateTimeOffset.UtcNow, strategy);

        Assert.True(report.ChainValid);
        Assert.Equal(3, report.Chain.Count);
        Assert.Same(report.Leaf, report.Chain[0]);
        Assert.Equal(LabInfo.LoadPem(LabInfo.Instance.IntermediateCertificatePath).Single().Thumbprint, report.Chain[1].Thumbprint);
        Assert.Equal(LabInfo.Instance.CaCertificate.Thumbprint, report.Chain[2].Thumbprint);
        Assert.Equal(2, report.CertificatesSent);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Inspect_GoodWithSystemTrustOnly_IsUntrustedNamingWhereTheChainStops()
    {
        var report = Inspect("good", CertificateTrust.System, DateTimeOffset.UtcNow);
        var intermediate = LabCertificates.Openssl(LabInfo.Instance.IntermediateCertificatePath);

        Assert.False(report.ChainValid);
        Assert.Equal("PartialChain", report.ChainStatus);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertUntrusted, finding.Code);
        Assert.Contains(intermediate.SubjectCommonName, finding.Message);
        Assert.Contains(intermediate.IssuerCommonName, finding.Message);
        Assert.Contains("-TrustedRootCertificate", finding.Message);
        Assert.Equal(2, report.Chain.Count);
    }

    [Fact]
    public void Inspect_ExpiredWithSystemTrustOnly_IsExpiredAndUntrusted()
    {
        var report = Inspect("expired", CertificateTrust.System, DateTimeOffset.UtcNow);

        Assert.Equal(new[] { FindingCodes.CertExpired, FindingCodes.CertUntrusted }, report.Findings.Select(f => f.Code).ToArray());
        Assert.Equal("NotTimeValid, PartialChain", report.ChainStatus);
    }

    [Fact]
    public void Inspect_SelfSignedWithSystemTrustOnly_IsUntrustedAsSelfSigned()
    {
        var report = Inspect("selfsigned", CertificateTrust.System, DateTimeOffset.UtcNow);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertUntrusted, finding.Code);
        Assert.Contains("self-signed", finding.Message);
    }

    [Theory]
    [InlineData(nameof(ChainStrategy.CustomRootTrust))]
    [InlineData(nameof(ChainStrategy.AllowUnknownAuthority))]
    public void Inspect_SelfSignedTrustingLabCa_SaysSelfSigned(string strategy)
    {
        var report = Inspect("selfsigned", LabCertificates.LabTrust(), DateTimeOffset.UtcNow, strategy);

        var finding = Assert.Single(report.Findings);
        Assert.Contains("self-signed", finding.Message);
        Assert.Single(report.Chain);
        Assert.Equal(1, report.CertificatesSent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Inspect_NoIntermediate_NamesTheMissingIntermediateAndIsNotUntrusted(bool trustLabCa)
    {
        var trust = trustLabCa ? LabCertificates.LabTrust() : CertificateTrust.System;
        var report = Inspect("nointermediate", trust, DateTimeOffset.UtcNow);
        var issuerCn = LabCertificates.Openssl(LabCertificates.Case("nointermediate").CertificatePath!).IssuerCommonName;

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertChainIncomplete, finding.Code);
        Assert.Contains($"'{issuerCn}'", finding.Message);
        Assert.Contains("sent only 1 certificate", finding.Message);
        Assert.False(report.ChainValid);
        Assert.Equal("PartialChain", report.ChainStatus);
    }

    [Fact]
    public void Inspect_Expired_SaysWhenAndHowLongAgo()
    {
        var now = DateTimeOffset.UtcNow;
        var report = Inspect("expired", LabCertificates.LabTrust(), now);
        var notAfter = LabCertificates.Openssl(LabCertificates.Case("expired").CertificatePath!).NotAfter;
        var daysLeft = (int)Math.Floor((notAfter - now).TotalDays);

        var finding = Assert.Single(report.Findings);
        Assert.Contains($"expired on {notAfter.UtcDateTime:yyyy-MM-dd}", finding.Message);
        Assert.Equal(daysLeft, report.DaysUntilExpiry);
        Assert.True(report.DaysUntilExpiry < 0);
        // The same whole days as the number: -3 beside "3 days ago".
        Assert.Contains($"{-report.DaysUntilExpiry} days ago", finding.Message);
    }

    [Fact]
    public void Inspect_NotYetValid_SaysFromWhen()
    {
        var report = Inspect("notyetvalid", LabCertificates.LabTrust(), DateTimeOffset.UtcNow);
        var notBefore = LabCertificates.Openssl(LabCertificates.Case("notyetvalid").CertificatePath!).NotBefore;

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertNotYetValid, finding.Code);
        Assert.Contains($"not valid before {notBefore.UtcDateTime:yyyy-MM-dd}", finding.Message);
    }

    [Fact]
    public void Inspect_NotYetValidInspectedInsideItsValidity_HasNoFindings()
    {
        // Proves VerificationTime is honoured: at a time inside the window the chain is valid.
        var notBefore = LabCertificates.Openssl(LabCertificates.Case("notyetvalid").CertificatePath!).NotBefore;
        var report = Inspect("notyetvalid", LabCertificates.LabTrust(), notBefore.AddDays(2));

        Assert.True(report.ChainValid, report.ChainStatus);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Inspect_WrongName_ListsTheCertificatesNamesAndTheExpectedOne()
    {
        var report = Inspect("wrongname", LabCertificates.LabTrust(), DateTimeOffset.UtcNow);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertNameMismatch, finding.Code);
        Assert.Contains("wrong.example.org", finding.Message);
        Assert.Contains(LabCertificates.Case("wrongname").Host, finding.Message);
        Assert.True(report.ChainValid);
        Assert.False(report.NameMatches);
    }

    [Fact]
    public void Inspect_WeakKey_SaysRsa1024()
    {
        var report = Inspect("weakkey", LabCertificates.LabTrust(), DateTimeOffset.UtcNow);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertWeakKey, finding.Code);
        Assert.Contains("1024", finding.Message);
        Assert.Contains("RSA", finding.Message);
        Assert.Equal("RSA", report.KeyAlgorithm);
        Assert.Equal(1024, report.KeySize);
    }

    [Fact]
    public void Inspect_Sha1_NamesTheSignatureAlgorithm()
    {
        var report = Inspect("sha1", LabCertificates.LabTrust(), DateTimeOffset.UtcNow);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertWeakSignature, finding.Code);
        Assert.Contains("SHA-1", finding.Message);
        Assert.Contains(report.SignatureAlgorithm, finding.Message);
    }

    [Theory]
    [MemberData(nameof(AllCertificateCases))]
    public void Inspect_AnyLabCase_ReportsWhatOpensslPrints(string caseName)
    {
        var now = DateTimeOffset.UtcNow;
        var report = Inspect(caseName, LabCertificates.LabTrust(), now);
        var openssl = LabCertificates.Openssl(LabCertificates.Case(caseName).CertificatePath!);

        Assert.Equal(openssl.NotAfter, report.NotAfter);
        Assert.Equal(TimeSpan.Zero, report.NotAfter.Offset);
        Assert.Equal(openssl.NotBefore, report.NotBefore);
        Assert.Equal((int)Math.Floor((openssl.NotAfter - now).TotalDays), report.DaysUntilExpiry);
        Assert.Equal(openssl.KeyBits, report.KeySize);
        Assert.Equal(openssl.KeyAlgorithmName, report.KeyAlgorithm);
        Assert.Equal(openssl.SignatureAlgorithmWindowsName, report.SignatureAlgorithm);
        Assert.Equal(openssl.DnsNames, report.DnsNames);
        Assert.Equal(LabCertificates.Sent(caseName).Count, report.CertificatesSent);
        Assert.Contains("CN=" + openssl.SubjectCommonName, report.Subject);
        Assert.Contains("CN=" + openssl.IssuerCommonName, report.Issuer);
    }

    [Theory]
    [InlineData(40, null)]
    [InlineData(31, null)]
    [InlineData(30, Severity.Info)]
    [InlineData(20, Severity.Info)]
    [InlineData(15, Severity.Info)]
    [InlineData(14, Severity.Warning)]
    [InlineData(3, Severity.Warning)]
    [InlineData(0, Severity.Warning)]
    public void Inspect_GoodCloseToNotAfter_WarnsAboutExpiry(int daysLeft, Severity? expected)
    {
        var notAfter = LabCertificates.Openssl(LabCertificates.Case("good").CertificatePath!).NotAfter;
        var now = notAfter.AddDays(-daysLeft).AddMinutes(-1);
        var report = Inspect("good", LabCertificates.LabTrust(), now);

        Assert.Equal(daysLeft, report.DaysUntilExpiry);
        if (expected is null)
        {
            Assert.Empty(report.Findings);
            return;
        }

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertExpiringSoon, finding.Code);
        Assert.Equal(expected, finding.Severity);
        Assert.Contains($"{notAfter.UtcDateTime:yyyy-MM-dd}", finding.Message);
    }

    [Fact]
    public void Inspect_GoodOneMinuteAfterNotAfter_IsExpiredNotExpiringSoon()
    {
        var notAfter = LabCertificates.Openssl(LabCertificates.Case("good").CertificatePath!).NotAfter;
        var report = Inspect("good", LabCertificates.LabTrust(), notAfter.AddMinutes(1));

        Assert.Equal(new[] { FindingCodes.CertExpired }, report.Findings.Select(f => f.Code).ToArray());
        Assert.Equal(-1, report.DaysUntilExpiry);
        Assert.Contains("1 day ago", report.Findings[0].Message);
        Assert.Equal("NotTimeValid", report.ChainStatus);
    }

    internal static CertificateReport Inspect(string caseName, CertificateTrust trust, DateTimeOffset now, string? strategy = null)
    {
        var leaf = LabCertificates.Leaf(caseName);
        var sent = LabCertificates.Sent(caseName);
        var host = LabCertificates.Case(caseName).Host;
        return strategy is null
            ? CertificateInspector.Inspect(leaf, sent, host, trust, now)
            : CertificateInspector.Inspect(leaf, sent, host, trust, now, Enum.Parse<ChainStrategy>(strategy));
    }
}
