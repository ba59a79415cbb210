using System;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailTls;

/// <summary>
/// The certificate a server presented, as plain facts that read well in a table, in CSV (one line)
/// and in JSON (thumbprint and PEM, not the whole X509Certificate2 object graph). Scripts that need
/// the real certificate call <see cref="ToX509Certificate2"/>, which returns a copy of their own.
/// </summary>
public sealed class ServerCertificate
{
    private readonly byte[] _der;

    internal ServerCertificate(X509Certificate2 certificate)
    {
        _der = certificate.RawData;
        Subject = certificate.Subject;
        Issuer = certificate.Issuer;
        Thumbprint = certificate.Thumbprint;
        SerialNumber = certificate.SerialNumber;
        NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
    }

    public string Subject { get; }

    public string Issuer { get; }

    /// <summary>SHA-1 thumbprint in hex, as Windows' certificate store shows it.</summary>
    public string Thumbprint { get; }

    public string SerialNumber { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>The certificate in PEM, to save or compare.</summary>
    public string Pem
    {
        get
        {
            var base64 = Convert.ToBase64String(_der);
            var pem = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
            for (var i = 0; i < base64.Length; i += 64)
            {
                pem.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
            }

            return pem.Append("-----END CERTIFICATE-----\n").ToString();
        }
    }

    /// <summary>A new X509Certificate2 of this certificate (Export-Certificate, chain building); the caller owns it.</summary>
    public X509Certificate2 ToX509Certificate2() => new(_der);

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} (expires {1:yyyy-MM-dd}, thumbprint {2})", Subject, NotAfter.UtcDateTime, Thumbprint);
}
