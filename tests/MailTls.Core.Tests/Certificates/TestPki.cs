using System;
using System.Formats.Asn1;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailTls.Tests.Certificates;

/// <summary>Certificates made in memory for cases the lab does not serve (SHA-1 intermediates, other keys, IP SANs…).</summary>
internal static class TestPki
{
    /// <summary>A CA: its certificate and what signs with its key.</summary>
    public sealed record Authority(X509Certificate2 Certificate, X509SignatureGenerator Signer);

    public static DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    /// <summary>A self-signed ECDSA P-256 leaf (not a CA).</summary>
    public static X509Certificate2 SelfSigned(string subject, Action<SubjectAlternativeNameBuilder>? san = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, san);
        using var withKey = request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(90));
        return X509CertificateLoader.LoadCertificate(withKey.RawData);
    }

    /// <summary>A root CA, ECDSA P-256, or RSA-2048 signing with <paramref name="rsaPadding"/> when given.</summary>
    public static Authority Root(string commonName, HashAlgorithmName hash, RSASignaturePadding? rsaPadding = null)
    {
        var name = $"CN={commonName}, O=MailTls Test";
        CertificateRequest request;
        X509SignatureGenerator signer;
        if (rsaPadding is null)
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            request = new CertificateRequest(name, key, hash);
            signer = new EcdsaSigner(key);
        }
        else
        {
            var key = RSA.Create(2048);
            request = new CertificateRequest(name, key, hash, rsaPadding);
            signer = rsaPadding == RSASignaturePadding.Pss && hash == HashAlgorithmName.SHA1
                ? new PssSha1Signer(key)
                : X509SignatureGenerator.CreateForRSA(key, rsaPadding);
        }

        AddCaExtensions(request);
        // Self-signed through the generator, since .NET's own generators refuse SHA-1.
        var certificate = request.Create(request.SubjectName, signer, Now.AddDays(-30), Now.AddDays(3650), Serial());
        return new Authority(certificate, signer);
    }

    /// <summary>An ECDSA P-256 intermediate CA signed by <paramref name="issuer"/> with <paramref name="hash"/>.</summary>
    public static Authority Intermediate(Authority issuer, string commonName, HashAlgorithmName hash, DateTimeOffset? notAfter = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=MailTls Test", key, hash);
        AddCaExtensions(request);
        var certificate = request.Create(issuer.Certificate.SubjectName, issuer.Signer, Now.AddDays(-20), notAfter ?? Now.AddDays(1800), Serial());
        return new Authority(certificate, new EcdsaSigner(key));
    }

    /// <summary>A server certificate signed by <paramref name="issuer"/>; ECDSA P-256 unless <paramref name="key"/> is given.</summary>
    public static X509Certificate2 Leaf(
        Authority issuer,
        string dnsName,
        HashAlgorithmName hash,
        AsymmetricAlgorithm? key = null,
        DateTimeOffset? notAfter = null)
    {
        using var ownKey = key is null ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var request = (key ?? ownKey) switch
        {
            RSA rsa => new CertificateRequest($"CN={dnsName}", rsa, hash, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest($"CN={dnsName}", ecdsa, hash),
            _ => throw new ArgumentException("RSA or ECDSA keys only.", nameof(key)),
        };
        AddLeafExtensions(request, b => b.AddDnsName(dnsName));
        return request.Create(issuer.Certificate.SubjectName, issuer.Signer, Now.AddDays(-10), notAfter ?? Now.AddDays(365), Serial());
    }

    /// <summary>ECDSA signatures with any SHA-2 digest, and SHA-1, which .NET's own generator no longer makes.</summary>
    private sealed class EcdsaSigner : X509SignatureGenerator
    {
        private readonly ECDsa _key;
        private readonly X509SignatureGenerator _inner;

        public EcdsaSigner(ECDsa key)
        {
            _key = key;
            _inner = CreateForECDsa(key);
        }

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            if (hashAlgorithm != HashAlgorithmName.SHA1)
            {
                return _inner.GetSignatureAlgorithmIdentifier(hashAlgorithm);
            }

            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.10045.4.1"); // ecdsa-with-SHA1
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
            _key.SignData(data, hashAlgorithm, DSASignatureFormat.Rfc3279DerSequence);

        protected override PublicKey BuildPublicKey() => _inner.PublicKey;
    }

    /// <summary>RSASSA-PSS with the all-default parameters, which mean SHA-1 (RFC 4055).</summary>
    private sealed class PssSha1Signer : X509SignatureGenerator
    {
        private readonly RSA _key;

        public PssSha1Signer(RSA key) => _key = key;

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.113549.1.1.10");
                writer.PushSequence();
                writer.PopSequence(); // RSASSA-PSS-params with every field at its DEFAULT
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
            _key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pss);

        protected override PublicKey BuildPublicKey() => CreateForRSA(_key, RSASignaturePadding.Pss).PublicKey;
    }

    /// <summary>A fresh temporary directory, deleted on dispose.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mailtls-certtests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static void AddLeafExtensions(CertificateRequest request, Action<SubjectAlternativeNameBuilder>? san)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        if (san is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            san(builder);
            request.CertificateExtensions.Add(builder.Build());
        }
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }
}
