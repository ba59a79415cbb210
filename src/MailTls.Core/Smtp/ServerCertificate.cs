using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace MailTls;

/// <summary>
/// The certificate a server presented. A full X509Certificate2 (Export-Certificate, Thumbprint,
/// chain building all work), whose ToString is one line, so Export-Csv stays readable.
/// </summary>
public sealed class ServerCertificate : X509Certificate2
{
    internal ServerCertificate(X509Certificate2 certificate)
        : base(certificate)
    {
    }

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} (expires {1:yyyy-MM-dd}, thumbprint {2})", Subject, NotAfter.ToUniversalTime(), Thumbprint);
}
