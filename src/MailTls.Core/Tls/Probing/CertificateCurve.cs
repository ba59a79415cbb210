using System;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace MailTls.Tls;

/// <summary>The named curve of an ECDSA certificate's key, as a TLS NamedGroup code.</summary>
internal static class CertificateCurve
{
    /// <summary>The curve's NamedGroup (23 for P-256…), or null when the key is not on a named curve TLS knows.</summary>
    public static int? Of(byte[] certificate)
    {
        try
        {
            var parsed = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(certificate));
            var key = parsed.SubjectPublicKeyInfo.Algorithm;
            if (key.Parameters is not DerObjectIdentifier curve)
            {
                return null;
            }

            return curve.Id switch
            {
                "1.2.840.10045.3.1.7" => 23, // secp256r1
                "1.3.132.0.34" => 24, // secp384r1
                "1.3.132.0.35" => 25, // secp521r1
                "1.3.36.3.3.2.8.1.1.7" => 26, // brainpoolP256r1
                "1.3.36.3.3.2.8.1.1.11" => 27, // brainpoolP384r1
                "1.3.36.3.3.2.8.1.1.13" => 28, // brainpoolP512r1
                "1.3.132.0.33" => 21, // secp224r1
                "1.3.132.0.10" => 22, // secp256k1
                _ => null,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or System.IO.IOException)
        {
            return null;
        }
    }
}
