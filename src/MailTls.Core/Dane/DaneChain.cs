using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;

namespace MailTls.Dane;

/// <summary>
/// DANE-TA(2) path check: does the leaf chain to the trust anchor, using only what the server sent,
/// with that anchor as the only thing trusted (no system roots, no downloads, no revocation)?
/// Not ChainBuilder: that one tries the system store first and needs the chain to end at a root,
/// while a DANE trust anchor is often an intermediate.
/// </summary>
internal static class DaneChain
{
    // Revocation is not checked on purpose; NotTimeNested is a legacy flag validators do not enforce.
    private const X509ChainStatusFlags Ignored =
        X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation | X509ChainStatusFlags.NotTimeNested;

    // At the anchor itself: DNS made it trusted, so "not a trusted root" and "no issuer above it" do not count.
    private const X509ChainStatusFlags IgnoredAtAnchor = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;

    /// <summary>
    /// True when the chain built from <paramref name="leaf"/> reaches <paramref name="anchor"/> and nothing
    /// from the leaf up to and including the anchor is invalid at <paramref name="now"/>.
    /// </summary>
    /// <remarks>
    /// .NET on Linux reports PartialChain (Build = false) for a non-self-signed certificate in
    /// CustomTrustStore, and AllowUnknownCertificateAuthority also stops at it; either way the elements up
    /// to the anchor carry the verdict, so both strategies are judged element by element.
    /// </remarks>
    internal static bool ChainsTo(
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        X509Certificate2 anchor,
        DateTimeOffset now,
        ChainStrategy strategy,
        out string problem)
    {
        problem = string.Empty;
        using var chain = ChainBuilder.NewChain(sentByServer, now);
        var policy = chain.ChainPolicy;
        if (strategy == ChainStrategy.CustomRootTrust)
        {
#if NET
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.Add(anchor);
#else
            throw new PlatformNotSupportedException("CustomRootTrust needs .NET 5 or later.");
#endif
        }
        else
        {
            policy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        }

        try
        {
            chain.Build(leaf);
        }
        catch (CryptographicException e)
        {
            problem = $"building the chain failed ({e.Message})";
            return false;
        }

        var elements = chain.ChainElements.Cast<X509ChainElement>().ToList();
        try
        {
            var anchorRaw = anchor.RawData;
            var anchorIndex = elements.FindIndex(e => CertificateFields.ByteArrayEquals(e.Certificate.RawData, anchorRaw));
            if (anchorIndex < 0)
            {
                var path = string.Join(" ← ", elements.Select(e => $"'{CertificateFields.DisplayName(e.Certificate.SubjectName)}'"));
                problem = $"the leaf does not chain to it with the certificates the server sent (the chain found was {path})";
                return false;
            }

            for (var i = 0; i <= anchorIndex; i++)
            {
                var flags = X509ChainStatusFlags.NoError;
                foreach (var status in elements[i].ChainElementStatus)
                {
                    flags |= status.Status;
                }

                flags &= ~Ignored;
                if (i == anchorIndex)
                {
                    flags &= ~IgnoredAtAnchor;
                }

                if (flags != X509ChainStatusFlags.NoError)
                {
                    var name = CertificateFields.DisplayName(elements[i].Certificate.SubjectName);
                    var role = i == 0 ? "the leaf" : i == anchorIndex ? "the trust anchor" : "the intermediate";
                    problem = $"the chain to it is not valid: {role} '{name}' has {flags}";
                    return false;
                }
            }

            return true;
        }
        finally
        {
            foreach (var element in elements)
            {
                var certificate = element.Certificate;
                if (!ReferenceEquals(certificate, leaf)
                    && !ReferenceEquals(certificate, anchor)
                    && !sentByServer.Any(c => ReferenceEquals(c, certificate)))
                {
                    certificate.Dispose();
                }
            }
        }
    }
}
