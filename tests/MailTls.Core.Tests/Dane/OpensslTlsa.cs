using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MailTls.Dane;
using MailTls.Tests.Certificates;
using MailTls.Tests.Lab;

namespace MailTls.Tests.Dane;

/// <summary>
/// TLSA association data as openssl computes it (the independent opinion): the DER SPKI from
/// `x509 -pubkey | pkey -pubin -outform DER`, the DER certificate from `x509 -outform DER`, digests from `dgst`.
/// </summary>
internal sealed class OpensslTlsa
{
    private static readonly ConcurrentDictionary<string, OpensslTlsa> Cache = new(StringComparer.Ordinal);

    private OpensslTlsa(string pemPath)
    {
        using var dir = new TestPki.TempDirectory();
        var pub = dir.File("pub.pem");
        var spki = dir.File("spki.der");
        var cert = dir.File("cert.der");
        File.WriteAllText(pub, LabCertificates.RunOpenssl("x509", "-in", pemPath, "-noout", "-pubkey"));
        LabCertificates.RunOpenssl("pkey", "-pubin", "-in", pub, "-outform", "DER", "-out", spki);
        LabCertificates.RunOpenssl("x509", "-in", pemPath, "-outform", "DER", "-out", cert);

        SpkiDer = File.ReadAllBytes(spki);
        CertificateDer = File.ReadAllBytes(cert);
        SpkiSha256 = Digest("-sha256", spki);
        SpkiSha512 = Digest("-sha512", spki);
        CertificateSha256 = Digest("-sha256", cert);
        CertificateSha512 = Digest("-sha512", cert);
    }

    public byte[] SpkiDer { get; }

    public byte[] CertificateDer { get; }

    public byte[] SpkiSha256 { get; }

    public byte[] SpkiSha512 { get; }

    public byte[] CertificateSha256 { get; }

    public byte[] CertificateSha512 { get; }

    /// <summary>openssl's SPKI SHA-256 as upper-case hex, the form records and sentences use.</summary>
    public string SpkiSha256Hex => Convert.ToHexString(SpkiSha256);

    public static OpensslTlsa For(string pemPath) => Cache.GetOrAdd(pemPath, p => new OpensslTlsa(p));

    public static OpensslTlsa ForCase(string caseName) => For(LabCertificates.Case(caseName).CertificatePath!);

    public static OpensslTlsa Intermediate => For(LabInfo.Instance.IntermediateCertificatePath);

    public static OpensslTlsa Root => For(LabInfo.Instance.CaCertificatePath);

    /// <summary>The data openssl gives for this selector and matching type.</summary>
    public byte[] Data(byte selector, byte matchingType) => (selector, matchingType) switch
    {
        (0, 0) => CertificateDer,
        (0, 1) => CertificateSha256,
        (0, 2) => CertificateSha512,
        (1, 0) => SpkiDer,
        (1, 1) => SpkiSha256,
        (1, 2) => SpkiSha512,
        _ => throw new ArgumentOutOfRangeException(nameof(selector)),
    };

    /// <summary>A record whose data openssl computed.</summary>
    public TlsaAssociation Record(byte usage, byte selector, byte matchingType) =>
        new(usage, selector, matchingType, Data(selector, matchingType));

    /// <summary>Every lab certificate: each SMTP case's leaf, the intermediate and the root, by a label.</summary>
    public static IEnumerable<string> LabCertificateLabels =>
        LabCertificates.CaseNames.Concat(new[] { "intermediate-ca", "root-ca" });

    public static string PathOf(string label) => label switch
    {
        "intermediate-ca" => LabInfo.Instance.IntermediateCertificatePath,
        "root-ca" => LabInfo.Instance.CaCertificatePath,
        _ => LabCertificates.Case(label).CertificatePath!,
    };

    public static X509Certificate2 Load(string label) => LabInfo.LoadPem(PathOf(label)).Single();

    // `openssl dgst -r` prints "<hex> *<file>".
    private static byte[] Digest(string algorithm, string file)
    {
        var output = LabCertificates.RunOpenssl("dgst", algorithm, "-r", file).Trim();
        return Convert.FromHexString(output.Substring(0, output.IndexOf(' ')));
    }
}
