using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;
using Xunit;

namespace MailTls.Tests.Certificates;

/// <summary>The inspector on certificates made for the test: what the lab does not serve.</summary>
public class CertificateInspectorTests
{
    private static readonly DateTimeOffset Now = TestPki.Now;

    [Theory]
    [InlineData(nameof(ChainStrategy.CustomRootTrust))]
    [InlineData(nameof(ChainStrategy.AllowUnknownAuthority))]
    public void Inspect_IntermediateSignedWithSha1_ReportsTheIntermediateButNotTheRootsSelfSignature(string strategy)
    {
        var root = TestPki.Root("Sha1 Root", HashAlgorithmName.SHA1);
        var intermediate = TestPki.Intermediate(root, "Sha1 Intermediate", HashAlgorithmName.SHA1);
        var leaf = TestPki.Leaf(intermediate, "mx.sha1chain.example", HashAlgorithmName.SHA256);

        var report = Inspect(leaf, new[] { leaf, intermediate.Certificate }, "mx.sha1chain.example", root, strategy);

        Assert.True(report.ChainValid, report.ChainStatus);
        Assert.Equal(3, report.Chain.Count);
        Assert.Equal("sha256ECDSA", report.SignatureAlgorithm);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertWeakSignature, finding.Code);
        Assert.Contains("'Sha1 Intermediate'", finding.Message);
        Assert.Contains("sha1ECDSA", finding.Message);
        Assert.DoesNotContain("Sha1 Root", finding.Message);
    }

    [Fact]
    public void Inspect_OnlyTheRootSelfSignedWithSha1_HasNoFindings()
    {
        var root = TestPki.Root("Sha1 Only Root", HashAlgorithmName.SHA1);
        var intermediate = TestPki.Intermediate(root, "Sha256 Intermediate", HashAlgorithmName.SHA256);
        var leaf = TestPki.Leaf(intermediate, "mx.rootsha1.example", HashAlgorithmName.SHA256);

        var report = Inspect(leaf, new[] { leaf, intermediate.Certificate }, "mx.rootsha1.example", root);

        Assert.True(report.ChainValid, report.ChainStatus);
        Assert.Empty(report.Findings);
    }

    [Theory]
    [InlineData("SHA1", "SHA-1")]
    [InlineData("SHA256", null)]
    public void Inspect_RsaPssLeaf_ChecksThePssDigest(string hash, string? weakDigest)
    {
        var root = TestPki.Root("Pss Root", new HashAlgorithmName(hash), RSASignaturePadding.Pss);
        var leaf = TestPki.Leaf(root, "mx.pss.example", new HashAlgorithmName(hash));

        var report = Inspect(leaf, new[] { leaf }, "mx.pss.example", root);

        Assert.Equal("RSASSA-PSS", report.SignatureAlgorithm);
        var weak = report.Findings.Where(f => f.Code == FindingCodes.CertWeakSignature).ToList();
        if (weakDigest is null)
        {
            Assert.Empty(weak);
        }
        else
        {
            Assert.Contains(weakDigest, Assert.Single(weak).Message);
        }
    }

    [Theory]
    [InlineData("RSA", 2048, false)]
    [InlineData("RSA", 1536, true)]
    [InlineData("ECDSA", 224, true)]
    [InlineData("ECDSA", 256, false)]
    [InlineData("ECDSA", 384, false)]
    [InlineData("ECDSA", 521, false)]
    public void Inspect_LeafKey_ReportsAlgorithmAndSizeAndFlagsWeakOnes(string algorithm, int bits, bool weak)
    {
        using AsymmetricAlgorithm key = algorithm == "RSA"
            ? RSA.Create(bits)
            : ECDsa.Create(bits switch
            {
                224 => ECCurve.CreateFromFriendlyName("secp224r1"),
                256 => ECCurve.NamedCurves.nistP256,
                384 => ECCurve.NamedCurves.nistP384,
                _ => ECCurve.NamedCurves.nistP521,
            });
        var root = TestPki.Root("Key Root", HashAlgorithmName.SHA256);
        var leaf = TestPki.Leaf(root, "mx.key.example", HashAlgorithmName.SHA256, key);

        var report = Inspect(leaf, new[] { leaf }, "mx.key.example", root);

        Assert.Equal(algorithm, report.KeyAlgorithm);
        Assert.Equal(bits, report.KeySize);
        var findings = report.Findings.Where(f => f.Code == FindingCodes.CertWeakKey).ToList();
        Assert.Equal(weak, findings.Count == 1);
        if (weak)
        {
            Assert.Contains(bits.ToString(System.Globalization.CultureInfo.InvariantCulture), findings[0].Message);
        }
    }

    [Fact]
    public void Inspect_RsaSelfSignedLeaf_NamesTheRsaSignature()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=rsa.example", key, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);
        using var withKey = request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(30));
        var leaf = X509CertificateLoader.LoadCertificate(withKey.RawData);

        var report = CertificateInspector.Inspect(leaf, new[] { leaf }, "rsa.example", CertificateTrust.System, Now);

        Assert.Equal("sha384RSA", report.SignatureAlgorithm);
        Assert.Equal(("RSA", 2048), (report.KeyAlgorithm, report.KeySize));
        Assert.Equal(
            new[] { FindingCodes.CertExpiringSoon, FindingCodes.CertUntrusted },
            report.Findings.Select(f => f.Code).ToArray());
    }

    [Fact]
    public void Inspect_ExpiredIntermediate_ReportsTheIntermediateExpiry()
    {
        var root = TestPki.Root("Old Root", HashAlgorithmName.SHA256);
        var intermediate = TestPki.Intermediate(root, "Expired Intermediate", HashAlgorithmName.SHA256, notAfter: Now.AddDays(-3));
        var leaf = TestPki.Leaf(intermediate, "mx.oldchain.example", HashAlgorithmName.SHA256);

        var report = Inspect(leaf, new[] { leaf, intermediate.Certificate }, "mx.oldchain.example", root);

        Assert.False(report.ChainValid);
        Assert.Equal("NotTimeValid", report.ChainStatus);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertExpired, finding.Code);
        Assert.Contains("'Expired Intermediate'", finding.Message);
        Assert.True(report.DaysUntilExpiry > 300);
    }

    [Fact]
    public void Inspect_IntermediateFromTheLocalStoreNotTheServer_ReportsChainIncomplete()
    {
        var root = TestPki.Root("Store Root " + Guid.NewGuid().ToString("N"), HashAlgorithmName.SHA256);
        var intermediate = TestPki.Intermediate(root, "Store Intermediate " + Guid.NewGuid().ToString("N"), HashAlgorithmName.SHA256);
        var leaf = TestPki.Leaf(intermediate, "mx.store.example", HashAlgorithmName.SHA256);

        // The chain engine also looks in the user's intermediate store: put the intermediate there for this test only.
        using var store = new X509Store(StoreName.CertificateAuthority, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(intermediate.Certificate);
        try
        {
            foreach (var strategy in new[] { nameof(ChainStrategy.CustomRootTrust), nameof(ChainStrategy.AllowUnknownAuthority) })
            {
                var report = Inspect(leaf, new[] { leaf }, "mx.store.example", root, strategy);

                Assert.True(report.ChainValid, report.ChainStatus);
                Assert.Equal(3, report.Chain.Count);
                var finding = Assert.Single(report.Findings);
                Assert.Equal(FindingCodes.CertChainIncomplete, finding.Code);
                Assert.Equal(Severity.Warning, finding.Severity);
                Assert.Contains(intermediate.Certificate.GetNameInfo(X509NameType.SimpleName, false), finding.Message);
                Assert.Contains("sent 1 certificate", finding.Message);
            }
        }
        finally
        {
            store.Remove(intermediate.Certificate);
        }
    }

    [Fact]
    public void IntermediatesNotSent_ChainWithUnsentIntermediate_ReturnsIt()
    {
        var root = TestPki.Root("Root N", HashAlgorithmName.SHA256);
        var intermediate = TestPki.Intermediate(root, "Intermediate N", HashAlgorithmName.SHA256);
        var leaf = TestPki.Leaf(intermediate, "mx.n.example", HashAlgorithmName.SHA256);
        var chain = new[] { leaf, intermediate.Certificate, root.Certificate };

        Assert.Equal(new[] { intermediate.Certificate }, CertificateInspector.IntermediatesNotSent(chain, new[] { leaf }, CertificateTrust.System));
        Assert.Empty(CertificateInspector.IntermediatesNotSent(chain, new[] { leaf, intermediate.Certificate }, CertificateTrust.System));
        Assert.Empty(CertificateInspector.IntermediatesNotSent(chain, new[] { leaf }, new CertificateTrust(new[] { intermediate.Certificate })));
        Assert.Empty(CertificateInspector.IntermediatesNotSent(new[] { leaf, root.Certificate }, new[] { leaf }, CertificateTrust.System));
    }

    [Fact]
    public void Inspect_LeafWithoutAnyName_SaysItHoldsNoName()
    {
        using var cert = TestPki.SelfSigned("O=No Names Inc");

        var report = CertificateInspector.Inspect(cert, new[] { cert }, "mx.example.net", new CertificateTrust(new[] { cert }), Now);

        Assert.False(report.NameMatches);
        Assert.Empty(report.DnsNames);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.CertNameMismatch, finding.Code);
        Assert.Contains("no name", finding.Message);
    }

    [Fact]
    public void Inspect_SelfSignedLeafTrustedExplicitly_IsValid()
    {
        using var cert = TestPki.SelfSigned("CN=pinned.example.net", san: b => b.AddDnsName("pinned.example.net"));

        foreach (var strategy in new[] { nameof(ChainStrategy.CustomRootTrust), nameof(ChainStrategy.AllowUnknownAuthority) })
        {
            var report = CertificateInspector.Inspect(
                cert, new[] { cert }, "pinned.example.net", new CertificateTrust(new[] { cert }), Now, Enum.Parse<ChainStrategy>(strategy));

            Assert.True(report.ChainValid, $"{strategy}: {report.ChainStatus}");
            Assert.Empty(report.Findings);
        }
    }

    [Fact]
    public void Inspect_ManyNames_ListsFiveAndCountsTheRest()
    {
        using var cert = TestPki.SelfSigned("CN=many", san: b =>
        {
            for (var i = 1; i <= 8; i++)
            {
                b.AddDnsName($"n{i}.example.net");
            }
        });

        var report = CertificateInspector.Inspect(cert, new[] { cert }, "other.example.net", new CertificateTrust(new[] { cert }), Now);

        var finding = Assert.Single(report.Findings);
        Assert.Contains("n1.example.net, n2.example.net, n3.example.net, n4.example.net, n5.example.net and 3 more", finding.Message);
        Assert.DoesNotContain("n6.example.net", finding.Message);
        Assert.Contains("other.example.net", finding.Message);
    }

    [Fact]
    public void Inspect_Ed25519CertificateMadeByOpenssl_ReportsItWithoutThrowing()
    {
        using var dir = new TestPki.TempDirectory();
        LabCertificates.RunOpenssl("req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", dir.File("k.pem"), "-out", dir.File("c.pem"),
            "-subj", "/CN=ed.example.net", "-addext", "subjectAltName=DNS:ed.example.net", "-days", "60");
        var cert = CertificateTrust.LoadFile(dir.File("c.pem")).Single();
        var openssl = LabCertificates.Openssl(dir.File("c.pem"));

        var report = CertificateInspector.Inspect(cert, new[] { cert }, "ed.example.net", new CertificateTrust(new[] { cert }), Now);

        Assert.Equal("ED25519", openssl.KeyAlgorithm);
        Assert.Null(openssl.KeyBits); // openssl prints no size for Ed25519 keys; they are 256 bits by definition
        Assert.Equal("Ed25519", report.KeyAlgorithm);
        Assert.Equal(256, report.KeySize);
        Assert.Equal("Ed25519", report.SignatureAlgorithm);
        Assert.DoesNotContain(report.Findings, f => f.Code is FindingCodes.CertWeakKey or FindingCodes.CertWeakSignature);
    }

    [Fact]
    public void Inspect_DsaCertificateMadeByOpenssl_IsAWeakKey()
    {
        using var dir = new TestPki.TempDirectory();
        LabCertificates.RunOpenssl("dsaparam", "-out", dir.File("p.pem"), "1024");
        LabCertificates.RunOpenssl("req", "-x509", "-newkey", "dsa:" + dir.File("p.pem"), "-sha256", "-nodes", "-keyout", dir.File("k.pem"),
            "-out", dir.File("c.pem"), "-subj", "/CN=dsa.example.net", "-days", "60");
        var cert = CertificateTrust.LoadFile(dir.File("c.pem")).Single();
        var openssl = LabCertificates.Openssl(dir.File("c.pem"));

        var report = CertificateInspector.Inspect(cert, new[] { cert }, "dsa.example.net", CertificateTrust.System, Now);

        Assert.Equal(("DSA", openssl.KeyBits), (report.KeyAlgorithm, report.KeySize));
        Assert.Equal("sha256DSA", report.SignatureAlgorithm);
        Assert.Contains(report.Findings, f => f.Code == FindingCodes.CertWeakKey && f.Message.Contains("DSA"));
    }

    [Fact]
    public void Inspect_CallerMistakes_Throw()
    {
        using var cert = TestPki.SelfSigned("CN=x.example");
        var sent = new[] { cert };
        var trust = CertificateTrust.System;

        Assert.Throws<ArgumentNullException>(() => CertificateInspector.Inspect(null!, sent, "x.example", trust, Now));
        Assert.Throws<ArgumentNullException>(() => CertificateInspector.Inspect(cert, null!, "x.example", trust, Now));
        Assert.Throws<ArgumentNullException>(() => CertificateInspector.Inspect(cert, sent, null!, trust, Now));
        Assert.Throws<ArgumentNullException>(() => CertificateInspector.Inspect(cert, sent, "x.example", null!, Now));
        Assert.Throws<ArgumentException>(() => CertificateInspector.Inspect(cert, sent, "  ", trust, Now));
        Assert.Throws<ArgumentException>(() => CertificateInspector.Inspect(cert, new X509Certificate2[] { null! }, "x.example", trust, Now));
    }

    [Fact]
    public void Inspect_NothingSent_StillInspectsTheLeaf()
    {
        var root = TestPki.Root("Empty Root", HashAlgorithmName.SHA256);
        var leaf = TestPki.Leaf(root, "mx.empty.example", HashAlgorithmName.SHA256);

        var report = Inspect(leaf, Array.Empty<X509Certificate2>(), "mx.empty.example", root);

        Assert.Equal(0, report.CertificatesSent);
        Assert.True(report.ChainValid, report.ChainStatus);
    }

    [Fact]
    public void FlagNames_SeveralFlags_AreCommaSeparatedNames()
    {
        Assert.Equal(string.Empty, CertificateInspector.FlagNames(X509ChainStatusFlags.NoError));
        Assert.Equal("PartialChain", CertificateInspector.FlagNames(X509ChainStatusFlags.PartialChain));
        Assert.Equal("NotTimeValid, UntrustedRoot", CertificateInspector.FlagNames(X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.NotTimeValid));
    }

    private static CertificateReport Inspect(
        X509Certificate2 leaf, IReadOnlyList<X509Certificate2> sent, string host, TestPki.Authority root, string? strategy = null) =>
        strategy is null
            ? CertificateInspector.Inspect(leaf, sent, host, new CertificateTrust(new[] { root.Certificate }), Now)
            : CertificateInspector.Inspect(leaf, sent, host, new CertificateTrust(new[] { root.Certificate }), Now, Enum.Parse<ChainStrategy>(strategy));
}
