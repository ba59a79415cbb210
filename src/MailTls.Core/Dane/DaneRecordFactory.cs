using System;
using System.Security.Cryptography.X509Certificates;

namespace MailTls.Dane;

/// <summary>Makes the TLSA record to publish for a certificate (New-DaneTlsa: 3 1 1 for the leaf, 2 1 1 for its issuer).</summary>
public static class DaneRecordFactory
{
    /// <summary>
    /// The record with these parameters whose data is computed from <paramref name="certificate"/>.
    /// Throws ArgumentOutOfRangeException for an undefined selector or matching type; any usage is
    /// accepted, and <see cref="TlsaAssociation.IsUsableForSmtp"/> tells whether SMTP senders will use it.
    /// </summary>
    public static TlsaAssociation ForCertificate(X509Certificate2 certificate, byte usage, byte selector, byte matchingType)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        return new TlsaAssociation(usage, selector, matchingType, DaneMatcher.ComputeAssociationData(certificate, selector, matchingType));
    }
}
