using System.IO;
using System.Linq;
using System.Text;
using FsCheck.Xunit;
using MailTls.Tls;
using Xunit;

namespace MailTls.Tests.Tls;

/// <summary>The shipped classification table: loads, is consistent with the IANA names, and rates the way its sources do.</summary>
public class TlsClassificationTests
{
    private static TlsClassification Table => TlsClassification.Default;

    [Fact]
    public void Default_Loads_EveryIanaSuiteOnce()
    {
        Assert.True(Table.CipherSuites.Count > 300);
        Assert.Equal(Table.CipherSuites.Count, Table.CipherSuites.Select(s => s.Code).Distinct().Count());
        Assert.All(Table.CipherSuites, s => Assert.Matches("^0x[0-9A-F]{4}$", s.CodeText));
        Assert.DoesNotContain(Table.CipherSuites, s => s.Code is 0x00FF or 0x5600 or 0x0000);
    }

    [Fact]
    public void Suites_AgreeWithTheirIanaNames()
    {
        Assert.All(Table.CipherSuites, s =>
        {
            Assert.Equal(s.Name.Contains("_anon_"), s.IsAnonymous);
            Assert.Equal(s.Name.Contains("_WITH_NULL_") || s.Name is "TLS_SHA256_SHA256" or "TLS_SHA384_SHA384", s.Encryption == "NULL");
            Assert.Equal(s.Name.Contains("3DES_EDE"), s.Encryption == "3DES-CBC");
            Assert.Equal(s.Name.Contains("_RC4_"), s.Encryption == "RC4");
            Assert.Equal(s.Name.Contains("_EXPORT"), s.IsExport);
            Assert.Equal(!s.Name.Contains("_WITH_"), s.IsTls13);
            Assert.Equal(s.Name.Contains("_GCM") || s.Name.Contains("_CCM") || s.Name.Contains("POLY1305") || s.Name.Contains("_MGM"), s.Mac == "AEAD");
            if (s.Mac is "SHA256" or "SHA384" or "AEAD")
            {
                Assert.True(s.MinimumVersion >= TlsVersion.Tls12, $"{s.Name} needs TLS 1.2");
            }

            if (s.Name.StartsWith("TLS_ECDHE_", System.StringComparison.Ordinal))
            {
                Assert.Equal("ECDHE", s.KeyExchange);
            }
        });
    }

    [Theory]
    [InlineData("TLS_AES_256_GCM_SHA384", NcscClass.Good, MozillaProfile.Modern)]
    [InlineData("TLS_CHACHA20_POLY1305_SHA256", NcscClass.Good, MozillaProfile.Modern)]
    [InlineData("TLS_AES_128_GCM_SHA256", NcscClass.Sufficient, MozillaProfile.Modern)]
    [InlineData("TLS_AES_128_CCM_8_SHA256", NcscClass.Insufficient, MozillaProfile.None)]
    [InlineData("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", NcscClass.Sufficient, MozillaProfile.Intermediate)]
    [InlineData("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", NcscClass.Sufficient, MozillaProfile.Intermediate)]
    [InlineData("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", NcscClass.PhaseOut, MozillaProfile.Intermediate)]
    [InlineData("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", NcscClass.PhaseOut, MozillaProfile.Old)]
    [InlineData("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", NcscClass.Insufficient, MozillaProfile.Old)]
    [InlineData("TLS_RSA_WITH_AES_128_GCM_SHA256", NcscClass.Insufficient, MozillaProfile.Old)]
    [InlineData("TLS_RSA_WITH_3DES_EDE_CBC_SHA", NcscClass.Insufficient, MozillaProfile.Old)]
    [InlineData("TLS_DHE_RSA_WITH_AES_128_CBC_SHA", NcscClass.Insufficient, MozillaProfile.None)]
    [InlineData("TLS_RSA_WITH_RC4_128_SHA", NcscClass.Insufficient, MozillaProfile.None)]
    [InlineData("TLS_DH_anon_WITH_AES_256_GCM_SHA384", NcscClass.Insufficient, MozillaProfile.None)]
    public void Suites_AreRatedAsTheGuidelinesSay(string name, NcscClass ncsc, MozillaProfile mozilla)
    {
        var suite = Table.CipherSuites.Single(s => s.Name == name);
        Assert.Equal(ncsc, suite.Rating.Ncsc);
        Assert.Equal(mozilla, suite.Rating.Mozilla);
    }

    [Theory]
    [InlineData(TlsVersion.Ssl3, NcscClass.Insufficient, MozillaProfile.None)]
    [InlineData(TlsVersion.Tls10, NcscClass.Insufficient, MozillaProfile.Old)]
    [InlineData(TlsVersion.Tls11, NcscClass.Insufficient, MozillaProfile.Old)]
    [InlineData(TlsVersion.Tls12, NcscClass.Sufficient, MozillaProfile.Intermediate)]
    [InlineData(TlsVersion.Tls13, NcscClass.Good, MozillaProfile.Modern)]
    public void Versions_AreRated(TlsVersion version, NcscClass ncsc, MozillaProfile mozilla)
    {
        Assert.Equal(ncsc, Table.Version(version).Ncsc);
        Assert.Equal(mozilla, Table.Version(version).Mozilla);
    }

    [Theory]
    [InlineData(29, "x25519", NcscClass.Good, MozillaProfile.Modern)]
    [InlineData(23, "secp256r1", NcscClass.Good, MozillaProfile.Modern)]
    [InlineData(21, "secp224r1", NcscClass.PhaseOut, MozillaProfile.None)]
    [InlineData(256, "ffdhe2048", NcscClass.Insufficient, MozillaProfile.Intermediate)]
    [InlineData(257, "ffdhe3072", NcscClass.PhaseOut, MozillaProfile.Intermediate)]
    [InlineData(0x11EC, "X25519MLKEM768", NcscClass.Good, MozillaProfile.Modern)]
    public void Groups_AreRated(int code, string name, NcscClass ncsc, MozillaProfile mozilla)
    {
        var group = Table.Group(code)!;
        Assert.Equal(name, group.Name);
        Assert.Equal(ncsc, group.Rating.Ncsc);
        Assert.Equal(mozilla, group.Rating.Mozilla);
    }

    [Theory]
    [InlineData(1024, NcscClass.Insufficient, MozillaProfile.Old)]
    [InlineData(2048, NcscClass.Insufficient, MozillaProfile.Intermediate)]
    [InlineData(3072, NcscClass.PhaseOut, MozillaProfile.Intermediate)]
    [InlineData(512, NcscClass.Insufficient, MozillaProfile.None)]
    public void DhPrimes_AreRatedBySize(int bits, NcscClass ncsc, MozillaProfile mozilla)
    {
        Assert.Equal(ncsc, Table.DhPrime(bits).Ncsc);
        Assert.Equal(mozilla, Table.DhPrime(bits).Mozilla);
    }

    [Theory]
    [InlineData("RSA", 1024, NcscClass.Insufficient)]
    [InlineData("RSA", 2048, NcscClass.PhaseOut)]
    [InlineData("RSASSA-PSS", 4096, NcscClass.Good)]
    [InlineData("ECDSA", 256, NcscClass.Good)]
    [InlineData("DSA", 2048, NcscClass.Insufficient)]
    public void CertificateKeys_AreRatedBySize(string algorithm, int bits, NcscClass ncsc)
    {
        Assert.Equal(ncsc, Table.CertificateKey(algorithm, bits)!.Ncsc);
    }

    [Fact]
    public void CertificateKey_UnknownAlgorithm_IsNotRated() => Assert.Null(Table.CertificateKey("GOST", 256));

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("null", "empty")]
    [InlineData("{\"cipherSuites\": []}", "no 'cipherSuites'")]
    public void Load_BrokenTable_SaysWhat(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => TlsClassification.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Load_DuplicateSuite_NamesIt()
    {
        var json = Shipped().Replace("\"code\": \"0xC02F\"", "\"code\": \"0xC02B\"");
        var error = Assert.Throws<InvalidDataException>(() => TlsClassification.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains("49195", error.Message);
    }

    [Fact]
    public void Load_MissingClass_NamesTheEntry()
    {
        var json = Shipped().Replace("\"name\": \"TLS 1.1\", \"code\": \"0x0302\", \"ncsc\": \"Insufficient\", ", "\"name\": \"TLS 1.1\", \"code\": \"0x0302\", ");
        var error = Assert.Throws<InvalidDataException>(() => TlsClassification.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains("TLS 1.1 has no ncsc class", error.Message);
    }

    [Property]
    public bool Versions_RoundTripThroughWireCodesAndNames(TlsVersion version) =>
        !TlsVersionCodes.All.Contains(version) || (TlsVersionCodes.FromWireCode(version.WireCode()) == version && TlsVersionCodes.FromDisplayName(version.DisplayName()) == version);

    [Fact]
    public void Ssl2_IsNotProbed_AndHasNoVersionFromItsCode()
    {
        Assert.DoesNotContain(TlsVersion.Ssl2, TlsVersionCodes.All);
        Assert.Equal(0x0002, TlsVersion.Ssl2.WireCode());
        Assert.Null(TlsVersionCodes.FromWireCode(0x0002));
    }

    private static string Shipped()
    {
        using var stream = typeof(TlsClassification).Assembly.GetManifestResourceStream("MailTls.Tls.Classification.tls-classification.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
