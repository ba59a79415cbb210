using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailTls.Certificates;

/// <summary>How extra roots are trusted when the system store alone does not validate the chain.</summary>
internal enum ChainStrategy
{
    /// <summary>net8.0: X509ChainTrustMode.CustomRootTrust with the extra roots as the only anchors.</summary>
    CustomRootTrust,

    /// <summary>
    /// netstandard2.0 (Windows PowerShell 5.1): extra roots in ExtraStore plus
    /// AllowUnknownCertificateAuthority, accepted only when the chain ends at one of them.
    /// </summary>
    AllowUnknownAuthority,
}

/// <summary>One chain-building attempt, as far as it got.</summary>
internal sealed class ChainOutcome
{
    internal ChainOutcome(IReadOnlyList<X509Certificate2> elements, X509ChainStatusFlags problems, string? error)
    {
        Elements = elements;
        Problems = problems;
        Error = error;
    }

    /// <summary>Leaf first, then each issuer the builder found, up to the root or where it stopped.</summary>
    public IReadOnlyList<X509Certificate2> Elements { get; }

    /// <summary>The status flags that make the chain invalid (none when valid).</summary>
    public X509ChainStatusFlags Problems { get; }

    /// <summary>Why X509Chain.Build itself failed, when it threw.</summary>
    public string? Error { get; }

    public bool IsValid => Problems == X509ChainStatusFlags.NoError && Error is null;
}

/// <summary>Builds the chain a sending MTA would: no revocation fetches, no AIA downloads, at a given time.</summary>
internal static class ChainBuilder
{
    /// <summary>
    /// A chain as a sending MTA builds it: from what the server sent, with no revocation checks (a probe
    /// must not hang on OCSP) and no intermediates fetched from the issuer's URL (MTAs do not fetch them).
    /// </summary>
    internal static X509Chain NewChain(IReadOnlyList<X509Certificate2> sentByServer, DateTimeOffset now)
    {
        var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = now.UtcDateTime;
        policy.UrlRetrievalTimeout = TimeSpan.FromSeconds(5);
#if NET
        policy.DisableCertificateDownloads = true;
#endif
        policy.ExtraStore.AddRange(sentByServer.ToArray());
        return chain;
    }

    internal static ChainStrategy DefaultStrategy =>
#if NET
        ChainStrategy.CustomRootTrust;
#else
        ChainStrategy.AllowUnknownAuthority;
#endif

    // Flags that say nothing about the chain's validity (revocation is not checked on purpose).
    private const X509ChainStatusFlags Ignored =
        X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

    /// <summary>
    /// System trust first; then, when that fails and there are extra roots, the extra roots. Built once
    /// per certificates, trust and hour: the elements that are the caller's certificates come back as
    /// the caller's own objects.
    /// </summary>
    internal static ChainOutcome Build(
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        CertificateTrust trust,
        DateTimeOffset now,
        ChainStrategy strategy)
    {
        var key = string.Join("|", strategy, now.UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture), leaf.Thumbprint,
            string.Join(",", sentByServer.Select(c => c.Thumbprint)));
        var outcome = trust.Chain(key, () => BuildNow(leaf, sentByServer, trust, now, strategy));
        return outcome.Elements.Count > 0 && ReferenceEquals(outcome.Elements[0], leaf) ? outcome : Rebind(outcome, leaf, sentByServer);
    }

    private static ChainOutcome Rebind(ChainOutcome outcome, X509Certificate2 leaf, IReadOnlyList<X509Certificate2> sentByServer)
    {
        var mine = new[] { leaf }.Concat(sentByServer).ToArray();
        var elements = outcome.Elements
            .Select(e => mine.FirstOrDefault(c => CertificateFields.ByteArrayEquals(c.RawData, e.RawData)) ?? e)
            .ToList();
        return new ChainOutcome(elements.AsReadOnly(), outcome.Problems, outcome.Error);
    }

    private static ChainOutcome BuildNow(
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        CertificateTrust trust,
        DateTimeOffset now,
        ChainStrategy strategy)
    {
        var system = Run(leaf, sentByServer, trust, now, policy => { }, null);
        if (system.IsValid || !trust.HasExtraRoots)
        {
            return system;
        }

        if (strategy == ChainStrategy.CustomRootTrust)
        {
#if NET
            return Run(leaf, sentByServer, trust, now, policy =>
            {
                policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                policy.CustomTrustStore.AddRange(trust.ExtraRoots.ToArray());
            }, null);
#else
            throw new PlatformNotSupportedException("CustomRootTrust needs .NET 5 or later.");
#endif
        }

        // VERIFIED-FACTS §4: Build() returns true for a self-signed leaf and for a PartialChain under
        // AllowUnknownCertificateAuthority, so the chain must also end at one of the extra roots.
        return Run(leaf, sentByServer, trust, now, policy =>
        {
            policy.ExtraStore.AddRange(trust.ExtraRoots.ToArray());
            policy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        }, elements =>
            elements.Count > 0 && trust.IsExtraRoot(elements[elements.Count - 1]));
    }

    private static ChainOutcome Run(
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        CertificateTrust trust,
        DateTimeOffset now,
        Action<X509ChainPolicy> configure,
        Func<IReadOnlyList<X509Certificate2>, bool>? endsAtExtraRoot)
    {
        using var chain = ChainBuilder.NewChain(sentByServer, now);
        var policy = chain.ChainPolicy;
        configure(policy);

        try
        {
            chain.Build(leaf);
        }
        catch (CryptographicException e)
        {
            return new ChainOutcome(new[] { leaf }, X509ChainStatusFlags.NoError, e.Message);
        }

        var problems = X509ChainStatusFlags.NoError;
        foreach (var status in chain.ChainStatus)
        {
            problems |= status.Status;
        }

        var elements = new List<X509Certificate2>();
        foreach (var element in chain.ChainElements)
        {
            foreach (var status in element.ChainElementStatus)
            {
                problems |= status.Status;
            }

            elements.Add(Keep(element.Certificate, leaf, sentByServer, trust));
        }

        if (elements.Count == 0)
        {
            elements.Add(leaf);
        }

        problems &= ~Ignored;
        if (endsAtExtraRoot is not null && endsAtExtraRoot(elements))
        {
            problems &= ~X509ChainStatusFlags.UntrustedRoot;
        }

        return new ChainOutcome(elements.AsReadOnly(), problems, null);
    }

    /// <summary>
    /// The caller's own object when the element is one it gave us (the leaf, a sent certificate, an
    /// extra root); otherwise a copy, and the chain's object is disposed with the chain's other state.
    /// </summary>
    private static X509Certificate2 Keep(
        X509Certificate2 element,
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        CertificateTrust trust)
    {
        var raw = element.RawData;
        var known = new[] { leaf }.Concat(sentByServer).Concat(trust.ExtraRoots)
            .FirstOrDefault(c => CertificateFields.ByteArrayEquals(c.RawData, raw));
        if (known is not null)
        {
            if (!ReferenceEquals(known, element) && !IsCallerObject(element, leaf, sentByServer, trust))
            {
                element.Dispose();
            }

            return known;
        }

        var copy = new X509Certificate2(raw);
        if (!IsCallerObject(element, leaf, sentByServer, trust))
        {
            element.Dispose();
        }

        return copy;
    }

    private static bool IsCallerObject(
        X509Certificate2 element,
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> sentByServer,
        CertificateTrust trust) =>
        ReferenceEquals(element, leaf)
        || sentByServer.Any(c => ReferenceEquals(c, element))
        || trust.ExtraRoots.Any(c => ReferenceEquals(c, element));
}
