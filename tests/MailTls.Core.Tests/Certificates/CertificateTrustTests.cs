using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailTls.Certificates;
using MailTls.Tests.Lab;
using Xunit;

namespace MailTls.Tests.Certificates;

public class CertificateTrustTests
{
    [Fact]
    public void LoadFile_PemWithTwoCertificates_ReadsBothInOrder()
    {
        var path = LabCertificates.Case("good").ChainPath!;

        var loaded = CertificateTrust.LoadFile(path);

        Assert.Equal(LabInfo.LoadPem(path).Select(c => c.Thumbprint), loaded.Select(c => c.Thumbprint));
        Assert.Equal(2, loaded.Count);
    }

    [Fact]
    public void LoadFile_LabRootPem_ReadsTheRoot()
    {
        var loaded = Assert.Single(CertificateTrust.LoadFile(LabInfo.Instance.CaCertificatePath));
        Assert.Equal(LabInfo.Instance.CaCertificate.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void LoadFile_DerFile_ReadsTheCertificate()
    {
        using var dir = new TestPki.TempDirectory();
        var ca = LabInfo.Instance.CaCertificate;
        File.WriteAllBytes(dir.File("root.cer"), ca.RawData);

        var loaded = Assert.Single(CertificateTrust.LoadFile(dir.File("root.cer")));

        Assert.Equal(ca.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void LoadFile_DerWithTrailingBytes_IsNotACertificate()
    {
        using var dir = new TestPki.TempDirectory();
        File.WriteAllBytes(dir.File("root.cer"), LabInfo.Instance.CaCertificate.RawData.Concat(new byte[] { 0x30, 0x00 }).ToArray());

        var error = Assert.Throws<ArgumentException>(() => CertificateTrust.LoadFile(dir.File("root.cer")));

        Assert.Contains("not a certificate", error.Message);
    }

    [Fact]
    public void LoadFile_PemWithKeyAndCertificateAndCrlfLines_ReadsOnlyTheCertificate()
    {
        using var dir = new TestPki.TempDirectory();
        var good = LabCertificates.Case("good");
        var key = File.ReadAllText(Path.ChangeExtension(good.CertificatePath!, ".key"));
        var certificate = File.ReadAllText(good.CertificatePath!).Replace("\n", "\r\n");
        File.WriteAllText(dir.File("bundle.pem"), "comment line\n" + key + certificate);

        var loaded = Assert.Single(CertificateTrust.LoadFile(dir.File("bundle.pem")));

        Assert.Equal(LabCertificates.Leaf("good").Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void LoadFile_MissingFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".pem");

        var error = Assert.Throws<ArgumentException>(() => CertificateTrust.LoadFile(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void LoadFile_Directory_SaysItIsADirectory()
    {
        using var dir = new TestPki.TempDirectory();

        var error = Assert.Throws<ArgumentException>(() => CertificateTrust.LoadFile(dir.Path));

        Assert.Contains("directory", error.Message);
    }

    [Theory]
    [InlineData("hello, world\n", "not a certificate")]
    [InlineData("", "not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n", "not valid base64")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n", "without its")]
    [InlineData("-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n", "not an X.509 certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMAgwADAAAwIAAA==\n-----END CERTIFICATE-----\n", "not an X.509 certificate")] // the outline of one, nothing inside
    public void LoadFile_NotACertificate_SaysWhatIsWrongAndNamesTheFile(string content, string reason)
    {
        using var dir = new TestPki.TempDirectory();
        var path = dir.File("bad.pem");
        File.WriteAllText(path, content);

        var error = Assert.Throws<ArgumentException>(() => CertificateTrust.LoadFile(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void LoadFile_PemWithOnlyAKey_SaysThereIsNoCertificateBlock()
    {
        using var dir = new TestPki.TempDirectory();
        using var key = ECDsa.Create();
        File.WriteAllText(dir.File("key.pem"), key.ExportPkcs8PrivateKeyPem());

        var error = Assert.Throws<ArgumentException>(() => CertificateTrust.LoadFile(dir.File("key.pem")));

        Assert.Contains("BEGIN CERTIFICATE", error.Message);
        Assert.Contains(dir.File("key.pem"), error.Message);
    }

    [Fact]
    public void LoadFile_Pkcs12File_IsNotTakenForACertificate()
    {
        using var dir = new TestPki.TempDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var withKey = new CertificateRequest("CN=pfx.example", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(dir.File("cert.pfx"), withKey.Export(X509ContentType.Pfx));

        var error = Assert.Throws<ArgumentException>(() => CertificateTrust.LoadFile(dir.File("cert.pfx")));

        Assert.Contains("not a certificate", error.Message);
    }

    [Fact]
    public void LoadFile_NullOrEmptyPath_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => CertificateTrust.LoadFile(null!));
        Assert.Throws<ArgumentException>(() => CertificateTrust.LoadFile(" "));
    }

    [Fact]
    public void Constructor_DuplicateRoots_KeepsOneOfEach()
    {
        var ca = LabInfo.Instance.CaCertificate;
        var again = LabInfo.Instance.CaCertificate;

        var trust = new CertificateTrust(new[] { ca, again });

        Assert.Single(trust.ExtraRoots);
        Assert.True(trust.HasExtraRoots);
    }

    [Fact]
    public void Constructor_InputChangedAfterwards_TrustStaysAsBuilt()
    {
        var roots = new System.Collections.Generic.List<X509Certificate2> { LabInfo.Instance.CaCertificate };
        var trust = new CertificateTrust(roots);

        roots.Clear();

        Assert.Single(trust.ExtraRoots);
    }

    [Fact]
    public void Constructor_NullInput_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new CertificateTrust(null!));
        Assert.Throws<ArgumentException>(() => new CertificateTrust(new X509Certificate2[] { null! }));
    }

    [Fact]
    public void System_HasNoExtraRoots()
    {
        Assert.Empty(CertificateTrust.System.ExtraRoots);
        Assert.False(CertificateTrust.System.HasExtraRoots);
        Assert.Same(CertificateTrust.System, CertificateTrust.System);
    }
}
