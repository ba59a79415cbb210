using System.Linq;
using MailTls.Tls;
using Xunit;
using static MailTls.Tests.Tls.TlsFacts;

namespace MailTls.Tests.Tls;

public class TlsRulesTests
{
    private const string Gcm = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    private const string Cbc = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
    private const string Tls13 = "TLS_AES_128_GCM_SHA256";

    [Fact]
    public void Scan_OnlyTls10_IsLegacyOnly_WithTheVersionNamed()
    {
        var scan = Scan((TlsVersion.Ssl3, TlsSupport.NotAccepted), (TlsVersion.Tls10, TlsSupport.Accepted), (TlsVersion.Tls11, TlsSupport.NotAccepted),
            (TlsVersion.Tls12, TlsSupport.NotAccepted), (TlsVersion.Tls13, TlsSupport.NotAccepted));

        var finding = Assert.Single(TlsRules.ForProtocolScan(scan));
        Assert.Equal(FindingCodes.TlsLegacyOnly, finding.Code);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("only TLS 1.0,", finding.Message);
        Assert.Equal("TLS 1.0", scan.LowestProtocol);
    }

    [Fact]
    public void Scan_LegacyBesideModern_IsLegacyAccepted_NamingBoth()
    {
        var scan = Scan((TlsVersion.Ssl3, TlsSupport.Accepted), (TlsVersion.Tls10, TlsSupport.Accepted), (TlsVersion.Tls11, TlsSupport.NotAccepted),
            (TlsVersion.Tls12, TlsSupport.Accepted), (TlsVersion.Tls13, TlsSupport.Accepted));

        var finding = Assert.Single(TlsRules.ForProtocolScan(scan));
        Assert.Equal(FindingCodes.TlsLegacyAccepted, finding.Code);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("SSL 3.0 and TLS 1.0 besides TLS 1.2 and TLS 1.3", finding.Message);
    }

    [Fact]
    public void Scan_LegacyWithModernUnknown_IsNotLegacyOnly_AndSaysWhatWasNotTested()
    {
        var scan = Scan((TlsVersion.Ssl3, TlsSupport.NotAccepted), (TlsVersion.Tls10, TlsSupport.Accepted), (TlsVersion.Tls11, TlsSupport.NotAccepted),
            (TlsVersion.Tls12, TlsSupport.Unknown), (TlsVersion.Tls13, TlsSupport.NotAccepted));

        var findings = TlsRules.ForProtocolScan(scan);
        Assert.Equal(new[] { FindingCodes.TlsLegacyAccepted, FindingCodes.TlsScanIncomplete }, findings.Select(f => f.Code));
        Assert.Contains("could not be tested", findings[0].Message);
        Assert.Contains("TLS 1.2", findings[1].Message);
        Assert.False(scan.Complete);
    }

    [Fact]
    public void Scan_ModernOnly_HasNoFindings()
    {
        var scan = Scan((TlsVersion.Ssl3, TlsSupport.NotAccepted), (TlsVersion.Tls10, TlsSupport.NotAccepted), (TlsVersion.Tls11, TlsSupport.NotAccepted),
            (TlsVersion.Tls12, TlsSupport.Accepted), (TlsVersion.Tls13, TlsSupport.Accepted));
        Assert.Empty(TlsRules.ForProtocolScan(scan));
        Assert.Equal("TLS 1.2", scan.LowestProtocol);
    }

    [Theory]
    [InlineData("TLS_RSA_WITH_RC4_128_SHA", "TLS_CIPHER_RC4")]
    [InlineData("TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_CIPHER_3DES")]
    [InlineData("TLS_RSA_WITH_NULL_SHA256", "TLS_CIPHER_NULL")]
    [InlineData("TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "TLS_CIPHER_EXPORT")]
    [InlineData("TLS_DHE_RSA_WITH_DES_CBC_SHA", "TLS_CIPHER_EXPORT")]
    public void Enumeration_WeakSuite_IsAWarning_NamingTheSuite(string suite, string code)
    {
        var enumeration = Enumeration(Version(TlsVersion.Tls12, TlsSupport.Accepted, Gcm, suite));
        var finding = TlsRules.ForEnumeration(enumeration, opportunistic: true).Single(f => f.Code == code);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains(suite, finding.Message);
        Assert.Contains("in TLS 1.2", finding.Message);
    }

    [Fact]
    public void Enumeration_AnonymousOnPort25_IsInfo_AndSaysWhy()
    {
        var enumeration = Enumeration(Version(TlsVersion.Tls12, TlsSupport.Accepted, Gcm, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA"));
        var finding = TlsRules.ForEnumeration(enumeration, opportunistic: true).Single(f => f.Code == FindingCodes.TlsCipherAnonymous);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("normal and harmless", finding.Message);
        Assert.Contains("opportunistic", finding.Message);
    }

    [Fact]
    public void Enumeration_AnonymousOnSubmission_IsAWarning()
    {
        var enumeration = Enumeration(Version(TlsVersion.Tls12, TlsSupport.Accepted, Gcm, "TLS_DH_anon_WITH_AES_128_GCM_SHA256"));
        var finding = TlsRules.ForEnumeration(enumeration, opportunistic: false).Single(f => f.Code == FindingCodes.TlsCipherAnonymous);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("aNULL", finding.Message);
    }

    [Fact]
    public void Enumeration_OnlyCbcAtTls12_IsCbcOnly()
    {
        var cbc = TlsRules.ForEnumeration(Enumeration(Version(TlsVersion.Tls12, TlsSupport.Accepted, Cbc, "TLS_RSA_WITH_AES_256_CBC_SHA256")), true);
        Assert.Contains(cbc, f => f.Code == FindingCodes.TlsCbcOnly);

        var mixed = TlsRules.ForEnumeration(Enumeration(Version(TlsVersion.Tls12, TlsSupport.Accepted, Cbc, Gcm)), true);
        Assert.DoesNotContain(mixed, f => f.Code == FindingCodes.TlsCbcOnly);

        var legacyCbc = TlsRules.ForEnumeration(Enumeration(Version(TlsVersion.Tls10, TlsSupport.Accepted, Cbc), Version(TlsVersion.Tls13, TlsSupport.Accepted, Tls13)), true);
        Assert.DoesNotContain(legacyCbc, f => f.Code == FindingCodes.TlsCbcOnly);
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(2047, true)]
    [InlineData(2048, false)]
    [InlineData(4096, false)]
    public void Enumeration_DhPrimeUnder2048_IsWeak(int bits, bool weak)
    {
        var enumeration = Enumeration(Version(TlsVersion.Tls12, TlsSupport.Accepted, Gcm, $"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256@{bits}"));
        var finding = TlsRules.ForEnumeration(enumeration, true).SingleOrDefault(f => f.Code == FindingCodes.TlsDhWeak);
        Assert.Equal(weak, finding is not null);
        if (weak)
        {
            Assert.Contains($"{bits} bits", finding!.Message);
        }
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(2048, false)]
    public void Enumeration_RsaKeyUnder2048_IsCertWeakKey(int bits, bool weak)
    {
        var certificate = RsaCertificate(bits);
        var enumeration = Enumeration(Version(TlsVersion.Tls12, TlsSupport.Accepted, certificate, true, Gcm), Version(TlsVersion.Tls13, TlsSupport.Accepted, certificate, true, Tls13));
        var findings = TlsRules.ForEnumeration(enumeration, true).Where(f => f.Code == FindingCodes.CertWeakKey).ToList();
        Assert.Equal(weak ? 1 : 0, findings.Count);
        if (weak)
        {
            Assert.Contains("1024-bit RSA", findings[0].Message);
        }
    }

    [Fact]
    public void Enumeration_NothingAccepted_IsHandshakeFailed()
    {
        var findings = TlsRules.ForEnumeration(Enumeration(), true);
        Assert.Equal(FindingCodes.TlsHandshakeFailed, Assert.Single(findings).Code);
    }

    [Fact]
    public void Enumeration_CleanModernServer_HasNoFindings_AndPasses()
    {
        var enumeration = Enumeration(Version(TlsVersion.Tls12, TlsSupport.Accepted, Gcm), Version(TlsVersion.Tls13, TlsSupport.Accepted, "TLS_AES_256_GCM_SHA384", Tls13));
        Assert.Empty(TlsRules.ForEnumeration(enumeration, true));
        var summary = TlsReport.Summary(enumeration, true);
        Assert.Equal(Verdict.Pass, summary.Verdict);
        Assert.Equal("TLS 1.2", summary.LowestProtocol);
        Assert.Equal("TLS 1.3", summary.HighestProtocol);
        Assert.Equal(1, summary.Good);
        Assert.Equal(2, summary.Sufficient);
        Assert.Equal("server", summary.ServerOrder);
        Assert.Equal(NcscClass.Sufficient, summary.WeakestClass);
    }

    [Fact]
    public void Enumeration_Failure_HasNoFindings_AndTheVerdictIsError()
    {
        var enumeration = Failed("The server does not offer STARTTLS after EHLO.");
        Assert.Empty(TlsRules.ForEnumeration(enumeration, true));
        Assert.Equal(Verdict.Error, TlsReport.Summary(enumeration, true).Verdict);
    }

    [Fact]
    public void Summary_LegacyOnlyServer_FailsAndNamesTheWeakestSuite()
    {
        var enumeration = Enumeration(Version(TlsVersion.Tls10, TlsSupport.Accepted, null, false, Cbc, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
        var summary = TlsReport.Summary(enumeration, true);
        Assert.Equal(Verdict.Fail, summary.Verdict);
        Assert.Equal("TLS 1.0 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", summary.WeakestSuite.Replace("TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
        Assert.Equal("client", summary.ServerOrder);
        Assert.Equal(TlsSupport.Accepted, summary.Tls10);
        Assert.Equal(TlsSupport.NotAccepted, summary.Tls12);
        Assert.Equal(new[] { "TLS 1.0" }, summary.Protocols);
    }

    [Fact]
    public void CipherSuites_AreOneRowPerVersionAndSuite_NewestVersionFirst()
    {
        var enumeration = Enumeration(Version(TlsVersion.Tls12, TlsSupport.Accepted, Gcm, Cbc), Version(TlsVersion.Tls13, TlsSupport.Accepted, Tls13));
        var rows = TlsReport.CipherSuites(enumeration);
        Assert.Equal(new[] { "TLS 1.3 TLS_AES_128_GCM_SHA256", $"TLS 1.2 {Gcm}", $"TLS 1.2 {Cbc}" }, rows.Select(r => r.ToString()));
        Assert.Equal(new int?[] { null, 1, 2 }, rows.Select(r => r.Rank));
        Assert.Equal(NcscClass.Insufficient, rows[2].Class);
        Assert.Equal("0xC013", rows[2].Code);
    }
}
